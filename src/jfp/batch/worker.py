"""What a batch worker does with one document: check it and write its reports.

It runs inside a worker of the runner's pool (``jfp.runner.pool``), which owns the process:
its memory limit, its timeout, what happens when it dies. Here: ``prepare`` loads the rule
pack once per worker, ``run_one`` checks one document and returns its summary row.

Test-only fault hook: when ``JFP_TESTING=1`` and ``JFP_TEST_FAULT`` is set, e.g.
``hang:slow.docx|exit:dies|crash:boom|oom:huge``, a document whose path contains the
substring after ``hang:`` sleeps forever, ``exit:`` ends the worker process abruptly
(``os._exit``), ``crash:`` raises an unexpected exception and ``oom:`` allocates more
than the memory limit. It is read only here, only in workers, and does nothing otherwise.
"""
from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jfp.batch.outputs import write_reports
from jfp.batch.results import DocResult, checked_row, error_row, find_icb
from jfp.errors import DocumentError, UsageError
from jfp.models import Report
from jfp.options import Options

DEFAULT_CHECK = "jfp.batch.worker:check_document"
# How many opening blocks to search for the ICB's name: covers title pages and forewords.
_ICB_SEARCH_BLOCKS = 60
# Imported once by the pool's fork server, so each worker starts warm.
PRELOAD = ("jfp.batch.worker", "jfp.parsers.builder", "jfp.parsers.docx_read", "jfp.parsers.pdf_read",
           "jfp.parsers.text", "jfp.engine.evaluate", "jfp.report.json")


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs, sent once when it starts."""

    options: Options
    out_dir: str
    formats: tuple[str, ...]
    check: str = DEFAULT_CHECK  # "module:function" (path, options, pack) -> (Report, icb name or None)
    memory_limit: int = 0  # bytes, for the test fault hook


@dataclass
class WorkerContext:
    """A worker's state between documents: its config, the loaded pack, the check function."""

    config: WorkerConfig
    check: Callable[[Path, Options, object], tuple[Report, str | None]]
    pack: object = None
    faults: list[tuple[str, str]] = field(default_factory=list)


def check_document(path: Path, options: Options, pack) -> tuple[Report, str | None]:
    """Parse and check one plan exactly as ``jfp check`` does (in this process), and find the ICB's name."""
    from jfp.parsers import parse
    from jfp.pipeline import check_documents

    from jfp.runner.pattern_watch import watched

    doc = parse(path, options.limits)
    with watched():  # a pattern stuck on one passage: the pack's fault, named in the row
        report = check_documents([doc], pack, options)
    texts = [doc.meta.title] + [b.text for _, b in _first_blocks(doc)]
    return report, find_icb(texts)


def _first_blocks(doc):
    for n, pair in enumerate(doc.iter_blocks()):
        if n >= _ICB_SEARCH_BLOCKS:
            return
        yield pair


def _resolve(spec: str) -> Callable:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _test_faults() -> list[tuple[str, str]]:
    if os.environ.get("JFP_TESTING") != "1":
        return []
    faults = []
    for item in os.environ.get("JFP_TEST_FAULT", "").split("|"):
        kind, _, needle = item.partition(":")
        if kind and needle:
            faults.append((kind, needle))
    return faults


def _inject_fault(faults: list[tuple[str, str]], path: str, memory_limit: int) -> None:
    for kind, needle in faults:
        if needle not in path:
            continue
        if kind == "hang":
            while True:
                time.sleep(60)
        elif kind == "exit":
            os._exit(70)
        elif kind == "crash":
            raise RuntimeError("simulated parser crash (JFP_TEST_FAULT)")
        elif kind == "oom":
            bytearray(max(memory_limit, 1 << 30) * 2)


def prepare(config: WorkerConfig) -> WorkerContext:
    """Import the parsers and load the pack (for the real check) before the first document's clock starts."""
    for module in ("jfp.parsers.builder", "jfp.parsers.docx_read", "jfp.parsers.pdf_read", "jfp.parsers.text"):
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    context = WorkerContext(config, _resolve(config.check), faults=_test_faults())
    if config.check == DEFAULT_CHECK:
        try:
            from jfp.pipeline import load_pack

            context.pack = load_pack(config.options)
        except Exception:  # noqa: BLE001 - a pack problem is reported by the first document instead
            pass
    return context


def run_one(task: tuple[int, str, str, str | None], context: WorkerContext) -> tuple[dict, bool]:
    """Check one document; its row (as JSON-ready data) and whether this worker should retire afterwards."""
    _, file, stem, sha = task
    config = context.config
    started, cpu = time.monotonic(), time.process_time()
    recycle = False
    try:
        _inject_fault(context.faults, file, config.memory_limit)
        if context.pack is None and config.check == DEFAULT_CHECK:
            from jfp.pipeline import load_pack

            context.pack = load_pack(config.options)
        report, icb = context.check(Path(file), config.options, context.pack)
        reports = write_reports(report, Path(config.out_dir), stem, list(config.formats))
        row = checked_row(report, file, stem, icb, reports)
    except DocumentError as exc:
        row = error_row(file, stem, exc.reason, exc.detail, sha)
        recycle = exc.reason == "too-large"  # a MemoryError may have left the heap fragmented
    except UsageError as exc:  # the rule pack, not the plan (a pattern over its budget)
        row = error_row(file, stem, "rule-pack", str(exc), sha)
    except MemoryError:
        row = error_row(file, stem, "memory", "ran out of memory (over the per-document limit).", sha)
        recycle = True
    except Exception as exc:  # noqa: BLE001 - any bug becomes this document's error row
        row = error_row(file, stem, "crash", f"checking failed ({type(exc).__name__}: {exc}).", sha)
    update = {
        "seconds": round(time.monotonic() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "peak_mb": _peak_mb(),
    }
    return row.model_copy(update=update).model_dump(mode="json"), recycle


def _peak_mb() -> float | None:
    """This worker's peak resident memory."""
    try:
        import resource
    except ImportError:
        return None
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    # ru_maxrss is KiB on Linux and bytes on macOS.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
