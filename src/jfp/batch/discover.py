"""Turn the paths a user typed (files, directories, glob patterns) into a list of plans."""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

# Batch scans read the formats regional reviewers receive; ".markdown" is left to explicit paths.
SCAN_SUFFIXES = frozenset({".docx", ".pdf", ".md", ".txt"})
_GLOB_CHARS = frozenset("*?[")


def _skipped_name(name: str) -> bool:
    """Hidden files and Office lock files ("~$plan.docx") are never plans."""
    return name.startswith(".") or name.startswith("~$")


def _scan_dir(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        # Pruning in place stops os.walk descending into hidden folders (.git, .venv).
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not _skipped_name(name) and Path(name).suffix.lower() in SCAN_SUFFIXES:
                yield Path(dirpath) / name


def _expand(arg: str) -> Iterable[Path]:
    path = Path(arg)
    if path.is_dir():
        yield from _scan_dir(path)
    elif path.exists() or not (_GLOB_CHARS & set(arg)):
        # An explicit file is kept whatever its type (or even when missing) so the user
        # gets an error row saying why, rather than silence.
        yield path
    else:
        for match in sorted(glob.glob(arg, recursive=True)):
            m = Path(match)
            if m.is_dir():
                yield from _scan_dir(m)
            elif not _skipped_name(m.name) and m.suffix.lower() in SCAN_SUFFIXES:
                yield m


def _inside(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f + os.sep) for f in folders)


def discover(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Files, directories (recursive) and glob patterns -> de-duplicated, sorted plan paths.

    Anything under an ``exclude`` folder (the batch's own output directory) is left out,
    so Markdown or text reports from an earlier run are never checked as plans.
    """
    skip = [os.path.normcase(os.path.abspath(e)) for e in exclude]
    seen: dict[str, Path] = {}
    for arg in paths:
        for found in _expand(os.fspath(arg)):
            key = os.path.normcase(os.path.abspath(found))
            if not _inside(key, skip):
                seen.setdefault(key, found)
    return sorted(seen.values(), key=lambda p: p.as_posix())

