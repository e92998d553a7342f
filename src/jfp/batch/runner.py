"""Run a batch: check each document in a worker process, with a watchdog per worker.

Each of ``jobs`` slots owns one worker process and one pipe. The parent sends a worker
one document at a time and waits on every pipe and process sentinel at once, so it
notices at the same moment a result, a worker that died (crash, ``os._exit``, the
kernel's OOM killer) or one that ran past the timeout (killed). The lost document gets an
error row and the slot starts a fresh worker; no other document's result is touched.
This is what ``ProcessPoolExecutor`` cannot do: there a dying worker breaks the whole pool
and a timed-out task cannot be killed.

Workers come from a "forkserver" (where the platform has one; "spawn" otherwise): a clean,
single-threaded server process that imported the parsers and the engine once, so a new
worker costs a fork rather than a second of imports, and forking never copies the parent's
progress-bar thread or its locks. Workers retire after ``max_tasks_per_child`` documents to
bound memory growth.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import time
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from multiprocessing.connection import wait
from pathlib import Path

from jfp.batch.manifest import Manifest, file_sha256, settings_fingerprint
from jfp.batch.outputs import REPORTS_DIR, check_formats, output_stem, remove_reports
from jfp.batch.progress import NullProgress, Progress
from jfp.batch.results import BatchResult, DocResult, error_row
from jfp.batch.summary import RunInfo, write_summaries
from jfp.batch.worker import DEFAULT_CHECK, WorkerConfig, worker_main
from jfp.parsers import shown_path
from jfp.pipeline import CheckSettings

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_LIMIT = 2 * 1024**3
DEFAULT_MAX_TASKS = 25
# A worker that cannot even start (import error, no memory) within this long is given up on.
_START_TIMEOUT = 120.0
_START_FAILURES_ALLOWED = 3

Task = tuple[int, str, str, str | None]  # index, path, output stem, sha256
# Imported once by the fork server, so each worker starts warm.
_PRELOAD = ["jfp.batch.worker", "jfp.parsers.builder", "jfp.parsers.docx_read", "jfp.parsers.pdf_read",
            "jfp.parsers.text", "jfp.engine.evaluate", "jfp.report.json"]


def _context():
    # The fork server and spawned workers start as "python -c", which puts the current
    # folder first on sys.path: a reviewer's folder holding a file such as "random.py" or
    # "dis.py" would shadow the standard library inside every worker. PYTHONSAFEPATH
    # (Python 3.11+) keeps the current folder off the path; the workers inherit it.
    os.environ.setdefault("PYTHONSAFEPATH", "1")
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return mp.get_context("spawn")


@dataclass
class _Slot:
    proc: mp.process.BaseProcess | None = None
    conn: object | None = None
    ready: bool = False
    task: Task | None = None
    since: float = 0.0
    done: int = 0


@dataclass
class _Pool:
    config: WorkerConfig
    jobs: int
    timeout: float
    max_tasks: int
    ctx: object = field(default_factory=lambda: _context())
    slots: list[_Slot] = field(default_factory=list)
    start_failures: int = 0

    def _start(self, slot: _Slot) -> None:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker_main, args=(child, self.config), daemon=True, name="jfp-batch-worker")
        proc.start()
        child.close()
        slot.proc, slot.conn, slot.ready, slot.since, slot.done = proc, parent, False, time.monotonic(), 0

    def _stop(self, slot: _Slot, kill: bool) -> None:
        if slot.proc is not None:
            if kill and slot.proc.is_alive():
                slot.proc.kill()
            else:
                try:
                    slot.conn.send(None)
                except (OSError, ValueError):
                    pass
            slot.proc.join(timeout=5)
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join(timeout=5)
            try:
                slot.proc.close()
            except ValueError:  # still not reaped after SIGKILL; the daemon flag ends it with us
                pass
        if slot.conn is not None:
            slot.conn.close()
        slot.proc, slot.conn, slot.ready = None, None, False

    def shutdown(self, kill: bool = False) -> None:
        """Stop every worker: politely when idle, at once when ``kill``."""
        for slot in self.slots:
            self._stop(slot, kill=kill or slot.task is not None)

    def run(self, tasks: list[Task], on_start, on_done) -> None:
        """Check every task; calls on_start(task) and on_done(task, row) as things happen."""
        pending = deque(tasks)
        self.slots = [_Slot() for _ in range(max(1, min(self.jobs, len(tasks))))]
        while pending or any(s.task is not None for s in self.slots):
            for slot in self.slots:
                if slot.proc is None and pending:
                    self._start(slot)
                if slot.ready and slot.task is None and pending:
                    self._dispatch(slot, pending, on_start)
            live = [s for s in self.slots if s.proc is not None]
            waitables = [s.conn for s in live] + [s.proc.sentinel for s in live]
            wait(waitables, timeout=self._next_deadline(live))
            for slot in live:
                self._service(slot, pending, on_done)

    def _dispatch(self, slot: _Slot, pending: deque, on_start) -> None:
        task = pending.popleft()
        try:
            slot.conn.send(task)
        except OSError:  # the worker died while idle: the task never reached it, so requeue it
            pending.appendleft(task)
            self._stop(slot, kill=True)
            return
        slot.task, slot.since = task, time.monotonic()
        on_start(task)

    def _next_deadline(self, live: list[_Slot]) -> float:
        now = time.monotonic()
        limits = [s.since + (self.timeout if s.task else _START_TIMEOUT) - now for s in live]
        return max(0.01, min(limits, default=1.0))

    def _service(self, slot: _Slot, pending: deque, on_done) -> None:
        message = None
        try:
            if slot.conn.poll():
                message = slot.conn.recv()
        except (EOFError, OSError):
            message = None
        if message and message[0] == "ready":
            slot.ready, self.start_failures = True, 0
            return
        if message and message[0] == "done":
            _, _, row, recycle = message
            task, slot.task = slot.task, None
            slot.done += 1
            on_done(task, DocResult.model_validate(row))
            if recycle or slot.done >= self.max_tasks or not pending:
                self._stop(slot, kill=False)
            return
        elapsed = time.monotonic() - slot.since
        alive = slot.proc.is_alive()
        if alive and slot.task is not None and elapsed > self.timeout:
            task = slot.task
            self._stop(slot, kill=True)
            slot.task = None
            on_done(task, error_row(task[1], task[2], "timeout", f"checking took longer than {self.timeout:g} s and was stopped.", task[3]))
        elif not alive or (not slot.ready and elapsed > _START_TIMEOUT):
            code = slot.proc.exitcode
            task = slot.task
            self._stop(slot, kill=True)
            slot.task = None
            if task is not None:
                how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                on_done(task, error_row(task[1], task[2], "worker-died", f"the checking process died ({how}).", task[3]))
            else:
                self._startup_failed(pending, on_done)

    def _startup_failed(self, pending: deque, on_done) -> None:
        self.start_failures += 1
        if self.start_failures >= _START_FAILURES_ALLOWED:
            while pending:
                task = pending.popleft()
                on_done(task, error_row(task[1], task[2], "crash", "no checking process could be started.", task[3]))


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
    return PackId(pack.id, pack.version, pack.title, hashlib.sha256(blob.encode()).hexdigest()[:16])


def run_batch(
    files: list[Path],
    out_dir: Path,
    settings: CheckSettings = CheckSettings(),
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    formats: list[str] | tuple[str, ...] = (),
    force: bool = False,
    progress: Progress | None = None,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    max_tasks_per_child: int = DEFAULT_MAX_TASKS,
    check: str = DEFAULT_CHECK,
    pack: PackId | None = None,
) -> BatchResult:
    """Check every file into ``out_dir``; bad files become error rows, Ctrl-C keeps what finished."""
    progress = progress or NullProgress()
    formats = check_formats(formats)
    jobs = jobs or os.cpu_count() or 1
    # The workers share the cores between documents; a helper process per document
    # (jfp.twofold) would only compete with them, and would make --jobs 1 use two cores.
    settings = replace(settings, limits=replace(settings.limits, parallel=False))
    pack = pack or pack_identity(settings.rules)
    fingerprint = settings_fingerprint(settings, pack.id, f"{pack.version}+{pack.digest}")
    (out_dir / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
    manifest = Manifest.load(out_dir)
    started_at = datetime.now(timezone.utc)
    clock = time.monotonic()

    rows: dict[int, DocResult] = {}
    tasks: list[Task] = []
    for index, path in enumerate(files):
        stem, sha = output_stem(path), file_sha256(path)
        previous = None if force else manifest.reusable(path, sha, fingerprint, formats)
        if previous is not None:
            rows[index] = previous.model_copy(update={"file": shown_path(path), "reused": True})
        else:
            tasks.append((index, str(path), stem, sha))

    # Largest files first: a big PDF started last would leave the other workers idle at the end.
    tasks.sort(key=lambda task: _size(task[1]), reverse=True)
    progress.begin(len(files), len(rows))

    def on_done(task: Task, row: DocResult) -> None:
        if row.outcome == "error":
            remove_reports(out_dir, task[2])
        rows[task[0]] = row
        manifest.record(files[task[0]], task[3], fingerprint, row)
        progress.finished(row)

    config = WorkerConfig(settings, str(out_dir), tuple(formats), memory_limit, check, dict(os.environ))
    pool = _Pool(config, jobs, timeout, max(1, max_tasks_per_child))
    interrupted = False
    try:
        pool.run(tasks, lambda task: progress.started(task[1]), on_done)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        pool.shutdown(kill=interrupted)
        progress.end()

    result = BatchResult(rows=[rows[i] for i in sorted(rows)], total=len(files), interrupted=interrupted)
    info = RunInfo(
        started=started_at.isoformat(timespec="seconds"),
        seconds=round(time.monotonic() - clock, 2),
        jobs=jobs,
        timeout=timeout,
        formats=formats,
        pack_id=pack.id,
        pack_version=pack.version,
        pack_title=pack.title,
        settings=settings,
    )
    write_summaries(out_dir, result, info)
    return result
