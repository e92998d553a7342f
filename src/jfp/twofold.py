"""Share a list of independent tasks between this process and a forked helper.

``jfp check`` of one plan runs on one core while the other is idle: the rule engine's
requirements are independent once the plan's passages are built, so half of them can be
evaluated in a copy of the process made by ``fork`` (which shares every passage without
copying or pickling them). Each process takes the next task from a queue when it is ready
for one, so a slower core simply does fewer.

It never changes a result: the helper sends back what it computed, and any task it did not
hand over (it crashed, was killed, or raised) is computed here, so an exception is raised
here exactly as if every task had run in this process.
"""
from __future__ import annotations

import os
import pickle
import threading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TypeVar

    T = TypeVar("T")
    R = TypeVar("R")

_MAX_TASKS = 65535  # one 2-byte token per task


def core_idle() -> bool:
    """Whether a forked helper can help: fork exists, no other thread runs, a core is free."""
    # Forking a process with other threads running can deadlock on their locks, and with
    # no idle core the helper only adds its start-up and hand-over costs.
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cpus = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return cpus > 1 and busy < cpus - 0.5


def map_tasks(fn: Callable[[T], R], items: Sequence[T], parallel: bool) -> list[R]:
    """``[fn(x) for x in items]``: shared with a helper when ``parallel`` and a core is idle."""
    if parallel and core_idle():
        return map_in_two(fn, items)
    return [fn(x) for x in items]


def map_in_two(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(x) for x in items]``, computed by this process and a forked helper together."""
    if len(items) < 2 or len(items) > _MAX_TASKS:
        return [fn(x) for x in items]
    queue_r, queue_w = os.pipe()
    # Every token is written before the fork (well under a pipe's buffer); a 2-byte read from
    # a pipe holding whole tokens is atomic, so each task goes to exactly one process.
    os.write(queue_w, b"".join(i.to_bytes(2, "little") for i in range(len(items))))
    os.close(queue_w)
    result_r, result_w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the helper: its tasks' results, as (index, result) pairs
        status = 1
        try:
            from jfp.sandbox import die_with_parent

            die_with_parent(parent)
            os.close(result_r)
            done = _take_tasks(fn, items, queue_r)
            with os.fdopen(result_w, "wb") as out:
                out.write(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(result_w)
    results: dict[int, R] = {}
    try:
        results.update(_take_tasks(fn, items, queue_r))
    finally:
        os.close(queue_r)
        with os.fdopen(result_r, "rb") as inp:
            payload = inp.read()
        _, status = os.waitpid(pid, 0)
    if status == 0 and payload:
        try:
            results.update(pickle.loads(payload))
        except Exception:  # noqa: BLE001 - a broken hand-over only means computing them here
            pass
    return [results[i] if i in results else fn(x) for i, x in enumerate(items)]


def _take_tasks(fn: Callable[[T], R], items: Sequence[T], queue: int) -> list[tuple[int, R]]:
    done: list[tuple[int, R]] = []
    while token := os.read(queue, 2):
        index = int.from_bytes(token, "little")
        done.append((index, fn(items[index])))
    return done
