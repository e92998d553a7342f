"""The batch pool: ``jobs`` supervised worker processes, one task at a time each.

Each of ``jobs`` slots owns one worker process and one pipe. The parent sends a worker
one task at a time and waits on every pipe and process sentinel at once, so it notices at
the same moment a result, a worker that died (crash, ``os._exit``, the kernel's OOM
killer) or one that ran past the timeout (killed). The lost task gets an ``Outcome`` that
says so and the slot starts a fresh worker; no other task's result is touched. This is
what ``ProcessPoolExecutor`` cannot do: there a dying worker breaks the whole pool and a
timed-out task cannot be killed.

Workers come from a "forkserver" (where the platform has one; "spawn" otherwise): a clean,
single-threaded server process that imported the caller's modules once, so a new worker
costs a fork rather than a second of imports, and forking never copies the parent's
progress-bar thread or its locks. Workers retire after ``max_tasks`` tasks to bound memory
growth, or when their work function asks to.

The pool knows nothing of documents: the caller names a work function ("module:function",
imported in the worker) and the data it needs (``WorkerSpec``).
"""
from __future__ import annotations

import importlib
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable, NamedTuple

from jfp.runner.sandbox import available, limit_memory

# A worker that cannot even start (import error, no memory) within this long is given up on.
START_TIMEOUT = 120.0
_START_FAILURES_ALLOWED = 3


@dataclass(frozen=True)
class WorkerSpec:
    """What every worker runs, sent once when it starts.

    ``prepare(config)`` runs once per worker before its first task and returns the context
    each ``work(task, context)`` call gets; ``work`` returns ``(result, retire)``, a
    picklable result and whether this worker should stop after it (its heap may be
    damaged). An exception from ``work`` ends only that task, as a "crashed" outcome.
    """

    work: str  # "module:function"
    config: Any = None
    prepare: str | None = None  # "module:function"
    memory_limit: int = 0  # bytes of address space per worker on top of what it maps when ready; 0: no limit
    preload: tuple[str, ...] = ()  # modules the fork server imports once, for every worker
    # The caller's environment: a fork-server worker would otherwise see the server's,
    # frozen when the server started.
    env: dict[str, str] | None = None


class Outcome(NamedTuple):
    """What became of one task: "done" (with the result), "crashed", "timeout", "died" or "not-started"."""

    kind: str
    result: Any = None
    detail: str = ""


def _resolve(spec: str) -> Callable:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def worker_main(conn, spec: WorkerSpec) -> None:
    """A worker process: prepare, then run the tasks the parent sends until told to stop."""
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A fork-server worker does not inherit the command's collector settings.
    from jfp.collector import collect_rarely

    collect_rarely()
    if spec.env is not None:
        os.environ.clear()
        os.environ.update(spec.env)
    work = _resolve(spec.work)
    context = _resolve(spec.prepare)(spec.config) if spec.prepare else spec.config
    if spec.memory_limit > 0 and available():
        # As in the sandbox of ``jfp check``: the budget is for the task, on top of the
        # libraries, pack and code the worker already maps.
        limit_memory(spec.memory_limit)
    conn.send(("ready",))
    while True:
        task = conn.recv()
        if task is None:
            break
        try:
            result, retire = work(task, context)
            message = ("done", result, retire)
        except MemoryError:  # the heap may be fragmented: this worker retires
            retire = True
            message = ("crashed", "ran out of memory", retire)
        except Exception as exc:  # noqa: BLE001 - a bug in one task must not end the batch
            retire = False
            message = ("crashed", f"{type(exc).__name__}: {exc}", retire)
        conn.send(message)
        if retire:
            break
    conn.close()


def _context(preload: tuple[str, ...]):
    # The fork server and spawned workers start as "python -c", which puts the current
    # folder first on sys.path: a reviewer's folder holding a file such as "random.py" or
    # "dis.py" would shadow the standard library inside every worker. PYTHONSAFEPATH
    # (Python 3.11+) keeps the current folder off the path; the workers inherit it.
    os.environ.setdefault("PYTHONSAFEPATH", "1")
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return mp.get_context("spawn")


@dataclass
class _Slot:
    proc: mp.process.BaseProcess | None = None
    conn: object | None = None
    ready: bool = False
    task: Any = None
    since: float = 0.0
    done: int = 0


@dataclass
class Pool:
    """``jobs`` workers running ``spec.work`` on tasks, each task under ``timeout`` seconds (None: no bound)."""

    spec: WorkerSpec
    jobs: int
    timeout: float | None
    max_tasks: int = 25
    ctx: object = None
    slots: list[_Slot] = field(default_factory=list)
    start_failures: int = 0

    def __post_init__(self) -> None:
        if self.ctx is None:
            self.ctx = _context(self.spec.preload)

    def _start(self, slot: _Slot) -> None:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker_main, args=(child, self.spec), daemon=True, name="jfp-worker")
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

    def run(self, tasks: list, on_start: Callable[[Any], None], on_done: Callable[[Any, Outcome], None]) -> None:
        """Run every task; calls on_start(task) and on_done(task, outcome) as things happen."""
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
        limits = [s.since + (self._timeout if s.task is not None else START_TIMEOUT) - now for s in live]
        return max(0.01, min(limits, default=1.0))

    @property
    def _timeout(self) -> float:
        return self.timeout if self.timeout else float(START_TIMEOUT * 1000)

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
        if message and message[0] in ("done", "crashed"):
            task, slot.task = slot.task, None
            slot.done += 1
            if message[0] == "done":
                _, result, retire = message
                on_done(task, Outcome("done", result))
            else:
                _, detail, retire = message
                on_done(task, Outcome("crashed", detail=detail))
            if retire or slot.done >= self.max_tasks or not pending:
                self._stop(slot, kill=False)
            return
        elapsed = time.monotonic() - slot.since
        alive = slot.proc.is_alive()
        if alive and slot.task is not None and elapsed > self._timeout:
            task = slot.task
            self._stop(slot, kill=True)
            slot.task = None
            on_done(task, Outcome("timeout", detail=f"{self.timeout:g}"))
        elif not alive or (not slot.ready and elapsed > START_TIMEOUT):
            code = slot.proc.exitcode
            task = slot.task
            self._stop(slot, kill=True)
            slot.task = None
            if task is not None:
                how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                on_done(task, Outcome("died", detail=how))
            else:
                self._startup_failed(pending, on_done)

    def _startup_failed(self, pending: deque, on_done) -> None:
        self.start_failures += 1
        if self.start_failures >= _START_FAILURES_ALLOWED:
            while pending:
                on_done(pending.popleft(), Outcome("not-started"))
