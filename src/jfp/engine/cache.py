"""A small on-disk cache of compiled rule packs, in the user's cache folder.

Loading the shipped pack means reading 31 YAML files, building the schema's validators,
validating every rule and checking every regex: about 0.1 s of CPU, more than checking a
five-page plan takes, on every run. ``jfp.engine.loader`` keeps the validated pack here,
pickled, and uses an entry only after checking that every file it was built from still has
the same SHA-256 (see ``loader.load_pack``).

Where: ``$JFP_CACHE_DIR``, else ``$XDG_CACHE_HOME/jfp``, else ``~/.cache/jfp``;
``JFP_NO_CACHE=1`` switches it off. A pickle runs code when it is loaded, so the folder is
created private (0700) and a file is read only if it belongs to this user and nobody else
may write it: the cache is as trusted as the user's own home folder. Any problem reading or
writing an entry (a full disk, a read-only home, a damaged file) only means loading the
pack from its files, as without a cache.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path

from jfp import __version__

_ENV_DIR = "JFP_CACHE_DIR"
_ENV_OFF = "JFP_NO_CACHE"


def folder() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    if os.environ.get(_ENV_OFF):
        return None
    given = os.environ.get(_ENV_DIR)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jfp"


def key(*parts: str) -> str:
    """The name of an entry: a digest of ``parts``, jfp's version and the interpreter's."""
    blob = "\0".join((__version__, sys.version, *parts))
    return hashlib.sha256(blob.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def _trusted(path: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and stat.S_ISREG(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(name: str) -> object | None:
    """The object stored under ``name``, or None (no entry, not trusted, damaged, switched off)."""
    where = folder()
    if where is None:
        return None
    path = where / f"{name}.pickle"
    if not _trusted(path):
        return None
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a damaged or stale entry only means building it again
        return None


def write(name: str, value: object) -> None:
    """Store ``value`` under ``name`` (atomically); failures are ignored."""
    where = folder()
    if where is None:
        return
    import tempfile  # only when writing: it imports random and shutil

    tmp = None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where / f"{name}.pickle")
        tmp = None
    except Exception:  # noqa: BLE001 - no cache is only slower
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
