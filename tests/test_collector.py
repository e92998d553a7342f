"""jfp's processes collect cyclic garbage rarely, but still collect it."""
from __future__ import annotations

import gc
import weakref

from jfp.collector import YOUNG_OBJECTS_PER_COLLECTION, collect_rarely


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_the_collector_runs_rarely_and_still_frees_cycles():
    before = gc.get_threshold()
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        collect_rarely()
        assert gc.get_threshold() == (YOUNG_OBJECTS_PER_COLLECTION, *before[1:])
        gc.collect()
        first = _Node()
        alive = weakref.ref(first)
        del first
        for _ in range(YOUNG_OBJECTS_PER_COLLECTION // 2):  # fewer new objects than a collection waits for
            _Node()
        assert alive() is not None
        for _ in range(2 * YOUNG_OBJECTS_PER_COLLECTION):  # more: the collector has run by itself
            _Node()
        assert alive() is None
    finally:
        gc.set_threshold(*before)
        if not was_enabled:
            gc.disable()


def test_the_command_and_the_batch_workers_set_it():
    import inspect

    from jfp import __main__ as entry
    from jfp.runner import pool

    assert "collect_rarely()" in inspect.getsource(entry.main)
    assert "collect_rarely()" in inspect.getsource(pool.worker_main)
