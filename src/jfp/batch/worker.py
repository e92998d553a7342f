"""The code that runs inside a batch worker process: check one document, write its reports.

A worker is a separate process so that a parser which hangs, crashes the interpreter or
eats memory takes only its own document down; the parent (``runner``) notices and turns
that document into an error row.

Test-only fault hook: when ``JFP_TESTING=1`` and ``JFP_TEST_FAULT`` is set, e.g.
``hang:slow.docx|exit:dies|crash:boom|oom:huge``, a document whose path contains the
substring after ``hang:`` sleeps forever, ``exit:`` ends the worker process abruptly
(``os._exit``), ``crash:`` raises an unexpected exception and ``oom:`` allocates more
than the memory limit. It is read only here, only in workers, and does nothing otherwise.
"""
from __future__ import annotations

import importlib
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from jfp.batch.outputs import write_reports
from jfp.batch.results import DocResult, checked_row, error_row, find_icb
from jfp.errors import DocumentError
from jfp.models import Report
from jfp.pipeline import CheckSettings

DEFAULT_CHECK = "jfp.batch.worker:check_document"
# How many opening blocks to search for the ICB's name: covers title pages and forewords.
_ICB_SEARCH_BLOCKS = 60


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs, sent once when it starts."""

    settings: CheckSettings
    out_dir: str
    formats: tuple[str, ...]
    memory_limit: int = 0  # bytes of address space; 0 = no limit
    check: str = DEFAULT_CHECK  # "module:function" returning (Report, icb name or None)
    # The caller's environment: a fork-server worker would otherwise see the server's,
    # frozen when the server started.
    env: dict[str, str] | None = None


def check_document(path: Path, settings: CheckSettings) -> tuple[Report, str | None]:
    """Parse and check one plan exactly as ``jfp check`` does, and find the ICB's name."""
    from jfp.parsers import parse
    from jfp.pipeline import evaluate_documents

    doc = parse(path, settings.limits)
    report = evaluate_documents([doc], settings)
    texts = [doc.meta.title] + [b.text for _, b in _first_blocks(doc)]
    return report, find_icb(texts)


def _first_blocks(doc):
    for n, pair in enumerate(doc.iter_blocks()):
        if n >= _ICB_SEARCH_BLOCKS:
            return
        yield pair


def _resolve(spec: str) -> Callable[[Path, CheckSettings], tuple[Report, str | None]]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _limit_memory(limit: int) -> None:
    if limit <= 0:
        return
    try:
        import resource
    except ImportError:  # not on Windows; the timeout still bounds a runaway parser
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


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


def _warm_up(config: WorkerConfig) -> None:
    """Import the parsers and load the pack (for the real check) before the first document's clock starts."""
    for module in ("jfp.parsers.builder", "jfp.parsers.docx_read", "jfp.parsers.pdf_read", "jfp.parsers.text"):
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    if config.check != DEFAULT_CHECK:
        return
    try:
        from jfp.pipeline import _pack  # the pipeline's cache: priming it here is the point

        _pack(config.settings.rules)
    except Exception:  # noqa: BLE001 - a pack problem is reported by the first document instead
        pass


def run_one(task: tuple[int, str, str, str | None], config: WorkerConfig, check, faults) -> tuple[DocResult, bool]:
    """Check one document; returns its row and whether this worker should retire afterwards."""
    _, file, stem, sha = task
    started, cpu = time.monotonic(), time.process_time()
    recycle = False
    try:
        _inject_fault(faults, file, config.memory_limit)
        report, icb = check(Path(file), config.settings)
        reports = write_reports(report, Path(config.out_dir), stem, list(config.formats))
        row = checked_row(report, file, stem, icb, reports)
    except DocumentError as exc:
        row = error_row(file, stem, exc.reason, exc.detail, sha)
        recycle = exc.reason == "too-large"  # a MemoryError may have left the heap fragmented
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
    return row.model_copy(update=update), recycle


def _peak_mb() -> float | None:
    """This worker's peak resident memory, counting any helper process a parser forked."""
    try:
        import resource
    except ImportError:
        return None
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    # ru_maxrss is KiB on Linux and bytes on macOS.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def worker_main(conn: Connection, config: WorkerConfig) -> None:
    """Worker process entry: warm up, then check documents sent by the parent until told to stop."""
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if config.env is not None:
        os.environ.clear()
        os.environ.update(config.env)
    check = _resolve(config.check)
    _warm_up(config)
    _limit_memory(config.memory_limit)
    faults = _test_faults()
    conn.send(("ready",))
    while True:
        task = conn.recv()
        if task is None:
            break
        row, recycle = run_one(task, config, check, faults)
        conn.send(("done", task[0], row.model_dump(mode="json"), recycle))
        if recycle:
            break
    conn.close()
