"""One call from a file path to a gated Report: parse, evaluate, waive, gate.

``check`` and ``batch`` both go through here, so a plan gets the same answer whichever
command checked it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from jfp.models import Document, Report
from jfp.parsers import DEFAULT_LIMITS, Limits, parse


@dataclass(frozen=True)
class CheckSettings:
    """Everything that decides a report besides the document itself."""

    rules: str | None = None  # a pack id ("jfp-2024-25") or a path; None = the default pack
    hwb: tuple[str, ...] = ()  # the ICB's health and wellbeing boards, for P02
    plan_year: str | None = None  # "2025/26"; None = read from the plan
    fail_on: str = "statutory"
    fail_under: float | None = None
    waivers: tuple = ()  # jfp.config.Waiver values
    limits: Limits = field(default=DEFAULT_LIMITS)
    today: date | None = None  # for waiver expiry; None = the real date
    collect_hits: bool = True  # every evidence hit, not just the best quotes (--verbose)


@lru_cache(maxsize=8)
def _pack(rules: str | None):
    from jfp.engine.loader import load_pack

    return load_pack(rules)


def evaluate_documents(docs: list[Document], settings: CheckSettings) -> Report:
    """Check parsed documents (one submission) and apply waivers and the gate."""
    from jfp.engine.evaluate import EvaluateOptions, evaluate

    pack = _pack(settings.rules)
    options = EvaluateOptions(hwb=settings.hwb, plan_year=settings.plan_year, collect_hits=settings.collect_hits)
    report = evaluate(docs, pack, options)
    try:
        from jfp.gate import apply_waivers, evaluate_gate
    except ImportError:  # the gate module lands with the reporting work
        return report
    report = apply_waivers(report, list(settings.waivers), settings.today or date.today())
    return evaluate_gate(report, settings.fail_on, settings.fail_under)


def _check_unbounded(paths: list[str | os.PathLike[str]], settings: CheckSettings) -> Report:
    docs = [parse(Path(p), settings.limits) for p in paths]
    return evaluate_documents(docs, settings)


def check_files(paths: list[str | os.PathLike[str]], settings: CheckSettings = CheckSettings()) -> Report:
    """Parse and check several files as ONE submission (a plan and its annexes).

    The work runs under ``settings.limits.timeout_seconds`` and ``max_memory_mb`` (see
    ``jfp.sandbox``): a document that hangs or blows up becomes a DocumentError.
    """
    from jfp.sandbox import bounded

    # Loaded before the fork so every child inherits them: reloading per document would be
    # slow, and a shared library mapped inside a memory-limited child counts against it.
    _pack(settings.rules)
    preload(paths, engine=True)
    limits = settings.limits
    return bounded(
        _check_unbounded, list(paths), settings,
        label=", ".join(str(p) for p in paths),
        timeout=limits.timeout_seconds, max_memory_mb=limits.max_memory_mb,
    )


def parse_bounded(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """``parse`` under the limits' timeout and memory bound (``jfp outline`` uses this)."""
    from jfp import prefetch
    from jfp.sandbox import bounded

    if prefetch.pending(path):
        doc = _from_head_start(Path(path), limits)
        if doc is not None:
            return doc
    preload([path])
    return bounded(parse, Path(path), limits, label=str(path),
                   timeout=limits.timeout_seconds, max_memory_mb=limits.max_memory_mb)


def _from_head_start(path: Path, limits: Limits) -> Document | None:
    """The Document replayed from the head start's recording of ``path``; None to read it in the sandbox.

    The file's bytes were parsed in the head start's own memory-capped process, under the
    same time limit (``take`` waits no longer); what is left is replaying a recording, plain
    data of bounded size. Doing that here, not in a sandboxed child, spares the Document's
    round trip through a pipe.
    """
    from jfp import prefetch
    from jfp.parsers import read_checked, read_document, require_text, sha256_of

    fmt, data = read_checked(path, limits)
    sha256 = sha256_of(data)
    recording = prefetch.take(str(path), sha256, limits, timeout=limits.timeout_seconds)
    if recording is None:
        return None
    return require_text(read_document(path, fmt, data, limits, sha256, recording), path)


# What a process must have imported to parse each format (before a fork, so every child
# shares it); the heavy readers (pdfium, lxml) only when no head start is reading the file.
_READERS = {"docx": "jfp.parsers.builder", "pdf": "jfp.parsers.builder", "markdown": "jfp.parsers.text", "text": "jfp.parsers.text"}
_HEAVY = {"docx": "jfp.parsers.docx_read", "pdf": "jfp.parsers.pdf_read"}


def preload(paths: list[str | os.PathLike[str]], engine: bool = False) -> None:
    """Import the readers these files need (and the engine) in this process, before a fork."""
    import importlib

    from jfp import prefetch
    from jfp.parsers import SUPPORTED_SUFFIXES

    for p in paths:
        fmt = SUPPORTED_SUFFIXES.get(Path(p).suffix.lower())
        if fmt:
            importlib.import_module(_READERS[fmt])
        if fmt in _HEAVY and not prefetch.pending(p):
            importlib.import_module(_HEAVY[fmt])
    if engine:
        importlib.import_module("jfp.engine.evaluate")
        importlib.import_module("jfp.gate")


def limits_from_config(config_limits, timeout: float | None = None, max_memory_mb: float | None = None) -> Limits:
    """``Limits`` from a jfp.toml ``[limits]`` table (``LimitsConfig``), CLI values winning."""
    from dataclasses import replace

    return replace(
        DEFAULT_LIMITS,
        max_file_bytes=int(config_limits.max_file_mb * 1024 * 1024),
        timeout_seconds=timeout if timeout is not None else config_limits.timeout_seconds,
        max_memory_mb=max_memory_mb if max_memory_mb is not None else config_limits.max_memory_mb,
    )


def check_file(path: str | os.PathLike[str], settings: CheckSettings = CheckSettings()) -> Report:
    """Parse and check one plan; raises DocumentError (exit 3) when it cannot be read."""
    return check_files([path], settings)
