"""The batch manifest: what was checked in an output directory, so a re-run can skip it.

An entry is reused only when the file's content (sha256), the rule pack's id and version,
the jfp version and every setting that changes a report are the same, the requested
formats were written and are still there, and the row is not a transient failure
(timeout, crash, memory). The file is rewritten atomically after every document, so an
interrupted run keeps everything that finished.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path

from jfp import __version__
from jfp.report import write_report
from jfp.batch.results import TRANSIENT_REASONS, DocResult
from jfp.options import REPORT_FIELDS, Options

MANIFEST_NAME = "manifest.json"
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


def file_sha256(path: Path) -> str | None:
    """Hex SHA-256 of a file's bytes, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _key(path: Path) -> str:
    return os.path.abspath(path)


class Manifest:
    """The entries of ``DIR/manifest.json``, keyed by absolute input path."""

    def __init__(self, out_dir: Path, entries: dict[str, dict] | None = None) -> None:
        self.path = out_dir / MANIFEST_NAME
        self.entries: dict[str, dict] = entries or {}

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Read the manifest; a missing or damaged one just means nothing can be reused."""
        try:
            data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(out_dir)
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            return cls(out_dir)
        entries = data.get("entries")
        return cls(out_dir, entries if isinstance(entries, dict) else {})

    def reusable(self, path: Path, sha256: str | None, fingerprint: str, formats: list[str]) -> DocResult | None:
        """The previous row for this file if nothing that matters has changed, else None."""
        entry = self.entries.get(_key(path))
        if not entry or sha256 is None or entry.get("sha256") != sha256 or entry.get("fingerprint") != fingerprint:
            return None
        try:
            row = DocResult.model_validate(entry["result"])
        except (KeyError, ValueError):
            return None
        if row.outcome == "error":
            return row if row.error_reason not in TRANSIENT_REASONS else None
        if not set(formats) <= set(row.reports):
            return None
        out_dir = self.path.parent
        if not all((out_dir / rel).is_file() for rel in row.reports.values()):
            return None
        return row

    def record(self, path: Path, sha256: str | None, fingerprint: str, row: DocResult) -> None:
        """Remember one finished document and save at once (atomic), so Ctrl-C loses nothing."""
        self.entries[_key(path)] = {
            "sha256": sha256,
            "fingerprint": fingerprint,
            "result": row.model_dump(mode="json"),
        }
        self.save()

    def save(self) -> None:
        """Write the manifest atomically."""
        blob = json.dumps({"version": _VERSION, "entries": self.entries}, indent=1, sort_keys=True)
        write_report(self.path, blob + "\n")
