"""jfp.twofold: tasks shared with a forked helper give exactly the sequential results.

And the rule engine, evaluating requirements that way, gives exactly the same report.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from jfp import twofold

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is a fork")


def _slow_square(x: int) -> tuple[int, int]:
    time.sleep(0.002 * (x % 3))  # uneven tasks, so both processes take some
    return x, x * x


def test_results_are_in_order_and_complete():
    items = list(range(40))
    assert twofold.map_in_two(_slow_square, items) == [_slow_square(x) for x in items]


def test_both_processes_do_some_of_the_work():
    parent = os.getpid()
    workers = twofold.map_in_two(lambda x: (time.sleep(0.005), os.getpid())[1], list(range(30)))
    assert parent in workers
    assert any(pid != parent for pid in workers)


def test_tasks_of_a_helper_that_dies_are_done_here():
    parent = os.getpid()

    def die_in_helper(x: int) -> int:
        if os.getpid() != parent:
            os._exit(7)
        return x + 1

    assert twofold.map_in_two(die_in_helper, list(range(20))) == list(range(1, 21))


def test_an_error_in_the_helper_is_raised_here():
    parent = os.getpid()

    def fails_on_five(x: int) -> int:
        if x == 5:
            raise ValueError(f"task {x} failed in {'this process' if os.getpid() == parent else 'the helper'}")
        return x

    with pytest.raises(ValueError, match="task 5 failed in this process"):
        twofold.map_in_two(fails_on_five, list(range(10)))


def test_short_lists_are_not_split():
    parent = os.getpid()
    assert twofold.map_in_two(lambda x: os.getpid(), [1]) == [parent]
    assert twofold.map_in_two(lambda x: x, []) == []


def test_map_tasks_shares_only_when_asked_and_a_core_is_idle(monkeypatch):
    parent = os.getpid()
    slow_pid = lambda x: (time.sleep(0.005), os.getpid())[1]  # noqa: E731
    assert set(twofold.map_tasks(slow_pid, list(range(20)), parallel=False)) == {parent}
    monkeypatch.setattr(twofold, "core_idle", lambda: False)
    assert set(twofold.map_tasks(slow_pid, list(range(20)), parallel=True)) == {parent}
    monkeypatch.setattr(twofold, "core_idle", lambda: True)
    assert len(set(twofold.map_tasks(slow_pid, list(range(20)), parallel=True))) == 2


def test_no_helper_while_other_threads_run():
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not twofold.core_idle()
    finally:
        stop.set()
        worker.join()


@pytest.mark.parametrize("name", ["harrowfield-gaps.docx", "harrowfield-strong.pdf"])
def test_the_engine_gives_the_same_report_in_two_processes(name, monkeypatch):
    from jfp.engine.evaluate import EvaluateOptions, evaluate
    from jfp.parsers import parse
    from jfp.pipeline import _pack

    doc = parse(ROOT / "samples" / name)
    pack = _pack(None)
    alone = evaluate([doc], pack, EvaluateOptions(parallel=False))
    monkeypatch.setattr(twofold, "core_idle", lambda: True)
    split = []
    real = twofold.map_in_two
    monkeypatch.setattr(twofold, "map_in_two", lambda fn, items: split.append(len(items)) or real(fn, items))
    together = evaluate([doc], pack, EvaluateOptions(parallel=True))
    # Two splits: the sections (title included) while judging passages, then the requirements.
    assert split == [len(list(doc.iter_sections())) + (1 if doc.meta.title else 0), len(pack.rules)]
    assert together == alone
