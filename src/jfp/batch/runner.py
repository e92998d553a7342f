"""Run a batch: check each document in the runner's pool, write its reports, keep the manifest.

The pool (``jfp.runner.pool``) owns the processes: ``--jobs`` workers, each checking one
document at a time, alone (no helpers: the workers already share the cores), under the
time and memory limits, a dead or stuck worker costing only its own document. This module
decides what is checked (the manifest lets unchanged documents be reused), turns each
outcome into a summary row and writes the summaries.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from jfp.batch.manifest import HashTimeout, Manifest, file_sha256, settings_fingerprint
from jfp.batch.outputs import REPORTS_DIR, check_formats, output_stem, remove_reports
from jfp.batch.progress import NullProgress, Progress
from jfp.batch.results import BatchResult, DocResult, error_row
from jfp.batch.summary import RunInfo, write_summaries
from jfp.batch.worker import DEFAULT_CHECK, PRELOAD, WorkerConfig
from jfp.options import MB, Options
from jfp.parsers import shown_path
from jfp.runner.pool import Outcome, Pool, WorkerSpec

DEFAULT_MAX_TASKS = 25

Task = tuple[int, str, str, str | None]  # index, path, output stem, sha256


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


@dataclass(frozen=True)
class PackId:
    """Which rule pack a batch runs: what resumed runs compare and summary.json names."""

    id: str
    version: str
    title: str = ""
    digest: str = ""  # of the rules' content: catches a rule edited without a version bump


def pack_identity(rules: str | None) -> PackId:
    """Load the rule pack once in the parent, so a bad --rules fails before any work (exit 2)."""
    from jfp.engine.loader import load_pack

    pack = load_pack(rules)
    blob = json.dumps([r.model_dump(mode="json") for r in pack.rules], sort_keys=True, default=str)
    if rules is None:
        blob += _auto_packs_blob()
    return PackId(pack.id, pack.version, pack.title, hashlib.sha256(blob.encode()).hexdigest()[:16])


def _auto_packs_blob() -> str:
    """Without --rules each plan may get any shipped pack (jfp.engine.select), and a dated duty
    comes into force on its day: both decide whether a kept report is still the answer."""
    from datetime import date

    from jfp.engine.commencement import in_force
    from jfp.engine.loader import available_packs, load_pack

    today = date.today()
    return json.dumps([
        [p.id, [r.model_dump(mode="json") for r in p.rules],
         sorted(f"{r.id}/{e.id}" for r in p.rules for e in r.elements if e.commencement and in_force(e.commencement, today))]
        for p in (load_pack(pid) for pid in available_packs())
    ], sort_keys=True, default=str)


def _row(task: Task, outcome: Outcome, timeout: float) -> DocResult:
    """The summary row for what became of one document in the pool."""
    _, file, stem, sha = task
    if outcome.kind == "done":
        return DocResult.model_validate(outcome.result)
    if outcome.kind == "timeout":
        return error_row(file, stem, "timeout", f"checking took longer than {timeout:g} s and was stopped.", sha)
    if outcome.kind == "died":
        return error_row(file, stem, "worker-died", f"the checking process died ({outcome.detail}).", sha)
    if outcome.kind == "crashed":
        return error_row(file, stem, "crash", f"checking failed ({outcome.detail}).", sha)
    return error_row(file, stem, "crash", "no checking process could be started.", sha)


def run_batch(
    files: list[Path],
    out_dir: Path,
    options: Options | None = None,
    progress: Progress | None = None,
    max_tasks_per_child: int = DEFAULT_MAX_TASKS,
    check: str = DEFAULT_CHECK,
    pack: PackId | None = None,
    skipped: dict[Path, tuple[str, str]] | None = None,
) -> BatchResult:
    """Check every file into ``out_dir``; bad files become error rows, Ctrl-C keeps what finished.

    ``options.jobs`` documents are checked at once; ``options.limits`` bounds each one's
    time and memory (hashing included); ``options.batch_formats`` are written besides JSON;
    ``options.force`` re-checks documents the state could reuse. ``skipped`` are files
    among ``files`` that discovery set aside (``jfp.batch.discover.find_plans``): each gets
    its row (reason, sentence) and is never opened.
    """
    options = options or Options()
    progress = progress or NullProgress()
    formats = check_formats([f.value if hasattr(f, "value") else f for f in options.batch_formats])
    jobs = max(1, options.jobs)
    limits = options.limits
    timeout = limits.timeout_seconds
    memory_limit = int(limits.max_memory_mb * MB) if limits.max_memory_mb else 0
    pack = pack or pack_identity(options.rules)
    fingerprint = settings_fingerprint(options, pack.id, f"{pack.version}+{pack.digest}")
    (out_dir / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
    manifest = Manifest.load(out_dir)
    started_at = datetime.now(timezone.utc)
    clock = time.monotonic()

    rows: dict[int, DocResult] = {}
    tasks: list[Task] = []
    skipped = skipped or {}
    for index, path in enumerate(files):
        stem = output_stem(path)
        if path in skipped:
            rows[index] = error_row(str(path), stem, *skipped[path])
            continue
        try:
            sha = file_sha256(path, limits.max_file_bytes, time.monotonic() + timeout if timeout else None)
        except HashTimeout:
            rows[index] = error_row(str(path), stem, "timeout", f"reading it took longer than {timeout:g} s and was stopped.")
            continue
        previous = None if options.force else manifest.reusable(path, sha, fingerprint, formats)
        if previous is not None:
            rows[index] = previous.model_copy(update={"file": shown_path(path), "reused": True})
        else:
            tasks.append((index, str(path), stem, sha))

    # Largest files first: a big PDF started last would leave the other workers idle at the end.
    tasks.sort(key=lambda task: _size(task[1]), reverse=True)
    progress.begin(len(files), len(rows))

    def on_done(task: Task, outcome: Outcome) -> None:
        row = _row(task, outcome, timeout)
        if row.outcome == "error":
            remove_reports(out_dir, task[2])
        rows[task[0]] = row
        manifest.record(files[task[0]], task[3], fingerprint, row)
        progress.finished(row)

    config = WorkerConfig(options, str(out_dir), tuple(formats), check, memory_limit)
    spec = WorkerSpec("jfp.batch.worker:run_one", config, "jfp.batch.worker:prepare", memory_limit, PRELOAD,
                      dict(os.environ))
    pool = Pool(spec, jobs, timeout, max(1, max_tasks_per_child))
    interrupted = False
    try:
        pool.run(tasks, lambda task: progress.started(task[1]), on_done)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        pool.shutdown(kill=interrupted)
        manifest.close()
        progress.end()

    result = BatchResult(rows=[rows[i] for i in sorted(rows)], total=len(files), interrupted=interrupted)
    info = RunInfo(
        started=started_at.isoformat(timespec="seconds"),
        seconds=round(time.monotonic() - clock, 2),
        jobs=jobs,
        timeout=limits.timeout_seconds,
        formats=formats,
        pack_id=pack.id,
        pack_version=pack.version,
        pack_title=pack.title,
        options=options,
    )
    write_summaries(out_dir, result, info)
    return result
