"""The batch state: what was checked in an output directory, so a re-run can skip it.

Kept in ``DIR/state.sqlite3`` (the standard library's sqlite3): one row per plan, written
in its own transaction as soon as the plan is done, so the cost of a batch grows with the
number of plans, not with its square (the JSON manifest it replaces was rewritten whole
after every plan), and an interrupted or killed run (Ctrl-C, ``kill -9``) keeps every plan
that finished: sqlite's journal makes each commit all-or-nothing. A re-run asks for one
plan's row by its path.

An entry is reused only when the file's content (sha256), the rule pack's id and version,
the jfp version and every setting that changes a report are the same, the requested
formats were written and are still there, and the row is not a transient failure
(timeout, crash, memory). A damaged state file just means nothing can be reused.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path

from jfp import __version__
from jfp.batch.results import TRANSIENT_REASONS, DocResult
from jfp.options import REPORT_FIELDS, Options

STATE_NAME = "state.sqlite3"
LEGACY_MANIFEST = "manifest.json"  # before the sqlite state: read once, to carry its entries over
_VERSION = 1


def to_plain(value: object) -> object:
    """Settings and models as JSON-ready dicts, lists and scalars."""
    if is_dataclass(value) and not isinstance(value, type):
        return to_plain(asdict(value))
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def report_settings(options: Options) -> dict[str, object]:
    """The options that decide a report (``jfp.options.REPORT_FIELDS``), as JSON-ready data."""
    return {name: to_plain(getattr(options, name)) for name in REPORT_FIELDS}


def settings_fingerprint(options: Options, pack_id: str, pack_version: str) -> str:
    """A hash of everything besides the file that decides its report."""
    fields = report_settings(options)
    fields.pop("today", None)
    if options.waivers:
        # Waivers expire, so with waivers the date is part of the answer.
        fields["today"] = str(options.today or date.today())
    blob = json.dumps(
        {"settings": fields, "pack": [pack_id, pack_version], "jfp": __version__}, sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode()).hexdigest()


class HashTimeout(Exception):
    """Hashing a file took longer than the time limit (a very slow disk or network share)."""


def file_sha256(path: Path, max_bytes: int | None = None, deadline: float | None = None) -> str | None:
    """Hex SHA-256 of a regular file's bytes, or None if it cannot be read, is not a regular file or is over ``max_bytes``.

    Opened non-blocking and checked with fstat first, so a FIFO or device put in place of a
    plan cannot hang the parent; HashTimeout once ``deadline`` (``time.monotonic``) passes.
    """
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
            return None  # the worker says why (not a regular file, too large)
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            digest.update(chunk)
            if deadline is not None and time.monotonic() > deadline:
                raise HashTimeout(str(path))
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


def _key(path: Path | str) -> bytes:
    """A plan's absolute path as bytes: a file name need not be valid UTF-8 (sqlite's TEXT must)."""
    return os.fsencode(os.path.abspath(path))


_SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (
    path BLOB PRIMARY KEY,      -- absolute input path, as the file system's bytes
    sha256 TEXT,                -- of the file's bytes when it was checked
    fingerprint TEXT NOT NULL,  -- of the settings, pack and jfp version (settings_fingerprint)
    result TEXT NOT NULL        -- the DocResult row, as JSON
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Manifest:
    """The batch state in ``DIR/state.sqlite3``: one row per plan, keyed by absolute input path (bytes)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_NAME
        self.out_dir = out_dir
        self._db = self._open()

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Open (or create) the state of ``out_dir``; a damaged file is set aside and a new one started."""
        return cls(out_dir)

    def _open(self) -> sqlite3.Connection:
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                # WAL: each plan's commit appends to the log (no rewrite); NORMAL: a process
                # killed mid-batch loses nothing committed (only a power cut may lose the last).
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.executescript(_SCHEMA)
                version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if version is None:
                    db.execute("INSERT INTO meta VALUES ('version', ?)", (str(_VERSION),))
                    self._import_json_manifest(db)
                elif version[0] != str(_VERSION):
                    db.execute("DELETE FROM plans")
                    db.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(_VERSION),))
                return db
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                for suffix in ("", "-wal", "-shm"):  # not a database: start again, keeping nothing
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        raise AssertionError("unreachable")

    def _import_json_manifest(self, db: sqlite3.Connection) -> None:
        """Carry over the entries of an older jfp's ``manifest.json``, so upgrading loses no finished work."""
        try:
            data = json.loads((self.out_dir / LEGACY_MANIFEST).read_text(encoding="utf-8"))
            entries = data["entries"] if data.get("version") == 1 else {}
            rows = [(_key(k), e.get("sha256"), e["fingerprint"], json.dumps(e["result"])) for k, e in entries.items()]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return
        with db:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO plans VALUES (?, ?, ?, ?)", rows)

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM plans").fetchone()[0]

    def reusable(self, path: Path, sha256: str | None, fingerprint: str, formats: list[str]) -> DocResult | None:
        """The previous row for this file if nothing that matters has changed, else None."""
        found = self._db.execute("SELECT sha256, fingerprint, result FROM plans WHERE path = ?", (_key(path),)).fetchone()
        if not found or sha256 is None or found[0] != sha256 or found[1] != fingerprint:
            return None
        try:
            row = DocResult.model_validate_json(found[2])
        except ValueError:
            return None
        if row.outcome == "error":
            return row if row.error_reason not in TRANSIENT_REASONS else None
        if not set(formats) <= set(row.reports):
            return None
        if not all((self.out_dir / rel).is_file() for rel in row.reports.values()):
            return None
        return row

    def record(self, path: Path, sha256: str | None, fingerprint: str, row: DocResult) -> None:
        """Remember one finished document in its own transaction, so Ctrl-C or kill -9 loses nothing finished."""
        self._db.execute("INSERT OR REPLACE INTO plans VALUES (?, ?, ?, ?)",
                         (_key(path), sha256, fingerprint, row.model_dump_json()))

    def close(self) -> None:
        self._db.close()
