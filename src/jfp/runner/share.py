"""Share a list of independent tasks between this process and forked helpers.

The pure core hands its independent tasks (a long PDF's chunks of pages, a plan's sections,
its requirements) to a mapper (``jfp.mapper``); this is the runner's. With ``jobs`` > 1 it
forks ``jobs - 1`` helpers, copies of this process that share every loaded page and
passage without copying or pickling them, and every process takes the next task from one
queue when it is ready for one, so a slower core simply does fewer.

It never changes a result: each helper sends back what it computed, and any task a helper
did not hand over (it crashed, was killed, or raised) is computed here, so an exception is
raised here exactly as if every task had run in this process. The helpers die with the
process that forked them and inherit its memory cap (``jfp.runner.sandbox``).
"""
from __future__ import annotations

import gc
import os
import pickle
import threading

from jfp.mapper import serial

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TypeVar

    from jfp.mapper import Mapper

    T = TypeVar("T")
    R = TypeVar("R")

_MAX_TASKS = 65535  # one 2-byte token per task


def can_fork() -> bool:
    """Whether helpers can be forked safely: fork exists and no other thread runs.

    Forking a process while another thread holds a lock (the logging module's, an
    allocator's) can leave the copy deadlocked on it.
    """
    return hasattr(os, "fork") and threading.active_count() == 1


def mapper(jobs: int, min_tasks: int = 2) -> Mapper:
    """A mapper that shares lists of at least ``min_tasks`` tasks among ``jobs`` processes."""
    if jobs <= 1:
        return serial

    def shared(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if len(items) < max(2, min_tasks) or len(items) > _MAX_TASKS or not can_fork():
            return serial(fn, items)
        return map_across(fn, items, min(jobs, len(items)))

    return shared


def map_across(fn: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """``[fn(x) for x in items]``, computed by this process and up to ``processes - 1`` forked helpers."""
    queue_r, queue_w = os.pipe()
    # Every token is written before the fork (well under a pipe's buffer); a 2-byte read from
    # a pipe holding whole tokens is atomic, so each task goes to exactly one process.
    os.write(queue_w, b"".join(i.to_bytes(2, "little") for i in range(len(items))))
    os.close(queue_w)
    parent = os.getpid()
    helpers: list[tuple[int, int]] = []  # (pid, read end of its results pipe)
    results: dict[int, R] = {}
    # A helper shares this process's memory page by page until it writes to a page. The
    # collector writes to every object it visits, so one collection in a helper would copy
    # the whole plan: objects made so far are moved out of its reach first (gc.freeze).
    gc.freeze()
    try:
        for _ in range(processes - 1):
            result_r, result_w = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no more processes allowed: the ones there are do the work
                os.close(result_r)
                os.close(result_w)
                break
            if pid == 0:  # a helper: its tasks' results, as (index, result) pairs
                _helper(fn, items, queue_r, result_r, result_w, parent)
            os.close(result_w)
            helpers.append((pid, result_r))
        results.update(_take_tasks(fn, items, queue_r))
    finally:
        gc.unfreeze()
        os.close(queue_r)
        for pid, result_r in helpers:
            with os.fdopen(result_r, "rb") as inp:
                payload = inp.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and payload:
                try:
                    results.update(pickle.loads(payload))
                except Exception:  # noqa: BLE001 - a broken hand-over only means computing them here
                    pass
    # Whatever is missing (a task that raised, a helper that died) is computed here, in
    # order, so the first failing task raises its exception just as in serial().
    return [results[i] if i in results else fn(x) for i, x in enumerate(items)]


def _helper(fn, items, queue_r: int, result_r: int, result_w: int, parent: int) -> None:
    """Take tasks until the queue is empty, send the results, and end; never returns."""
    status = 1
    try:
        from jfp.runner.sandbox import die_with_parent

        die_with_parent(parent)
        os.close(result_r)
        done = _take_tasks(fn, items, queue_r)
        with os.fdopen(result_w, "wb") as out:
            out.write(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)  # a copy of this process: no atexit handlers, no flushing of its buffers


def _take_tasks(fn: Callable[[T], R], items: Sequence[T], queue: int) -> list[tuple[int, R]]:
    """The results of the tasks this process takes from the queue; a task that raises is left out."""
    done: list[tuple[int, R]] = []
    while token := os.read(queue, 2):
        index = int.from_bytes(token, "little")
        try:
            done.append((index, fn(items[index])))
        except Exception:  # noqa: BLE001 - computed again in order by map_across, which raises it there
            continue
    return done
