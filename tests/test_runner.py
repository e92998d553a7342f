"""jfp.runner: how many processes a run uses, and that sharing work never changes a result.

``share`` maps tasks across forked helpers exactly as ``serial`` maps them here; the engine
and the PDF reader give the same report and Document whichever mapper runs them; ``--jobs``
is the only thing that decides how many processes there are (never the machine's load).
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from jfp.mapper import serial
from jfp.options import Options, available_cores
from jfp.runner import share

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helpers are forks")


@pytest.fixture(autouse=True)
def _forking_allowed(request, monkeypatch):
    """Other tests of the session leave threads behind (the browser tests' Playwright), which
    rightly stops ``share`` from forking; these tests are about what sharing computes."""
    if request.node.name != "test_no_helper_while_other_threads_run":
        monkeypatch.setattr(share, "can_fork", lambda: True)


def _slow_square(x: int) -> tuple[int, int]:
    time.sleep(0.002 * (x % 3))  # uneven tasks, so every process takes some
    return x, x * x


def _pid_after_a_nap(x: int) -> int:
    time.sleep(0.005)
    return os.getpid()


def test_results_are_in_order_and_complete():
    items = list(range(40))
    assert share.map_across(_slow_square, items, 2) == serial(_slow_square, items)
    assert share.map_across(_slow_square, items, 3) == serial(_slow_square, items)


@pytest.mark.parametrize("jobs", [2, 3])
def test_every_process_does_some_of_the_work(jobs):
    workers = share.mapper(jobs)(_pid_after_a_nap, list(range(45)))
    assert os.getpid() in workers
    assert len(set(workers)) == jobs


def test_one_job_is_this_process_alone():
    assert share.mapper(1) is serial
    assert set(share.mapper(1)(_pid_after_a_nap, list(range(10)))) == {os.getpid()}


def test_short_lists_are_not_shared():
    parent = os.getpid()
    assert share.mapper(2)(lambda x: os.getpid(), [1]) == [parent]
    assert share.mapper(2)(lambda x: x, []) == []
    assert set(share.mapper(2, min_tasks=50)(_pid_after_a_nap, list(range(20)))) == {parent}


def test_tasks_of_a_helper_that_dies_are_done_here():
    parent = os.getpid()

    def die_in_helper(x: int) -> int:
        if os.getpid() != parent:
            os._exit(7)
        return x + 1

    assert share.map_across(die_in_helper, list(range(20)), 2) == list(range(1, 21))


def test_the_first_failing_task_raises_here_as_in_serial():
    parent = os.getpid()

    def fails_from_five(x: int) -> int:
        if x >= 5:
            raise ValueError(f"task {x} failed in {'this process' if os.getpid() == parent else 'a helper'}")
        return x

    with pytest.raises(ValueError, match="task 5 failed in this process"):
        share.map_across(fails_from_five, list(range(30)), 2)


def test_no_helper_while_other_threads_run():
    assert share.can_fork() is (threading.active_count() == 1)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not share.can_fork()
        assert set(share.mapper(2)(_pid_after_a_nap, list(range(10)))) == {os.getpid()}
    finally:
        stop.set()
        worker.join()


def test_jobs_default_to_the_cpus_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert available_cores() == expected
    assert Options().jobs == expected


@pytest.mark.parametrize("name", ["harrowfield-gaps.docx", "harrowfield-strong.pdf"])
def test_the_engine_gives_the_same_report_when_its_work_is_shared(name, monkeypatch):
    from jfp.engine.evaluate import EvaluateOptions, evaluate
    from jfp.engine.loader import load_pack
    from jfp.parsers import parse

    doc = parse(ROOT / "samples" / name)
    pack = load_pack()
    alone = evaluate([doc], pack, EvaluateOptions())
    split: list[int] = []
    real = share.map_across
    monkeypatch.setattr(share, "map_across", lambda fn, items, n: split.append(len(items)) or real(fn, items, n))
    together = evaluate([doc], pack, EvaluateOptions(), share.mapper(2))
    # Two shared lists: the sections (title included) while judging passages, then the requirements.
    assert split == [len(list(doc.iter_sections())) + (1 if doc.meta.title else 0), len(pack.rules)]
    assert together == alone


def test_only_long_work_is_shared():
    from jfp.parsers import parse
    from jfp.runner import WORDS_WORTH_SHARING, work_mapper

    short = parse(ROOT / "samples" / "harrowfield-thin.docx")
    assert short.meta.words < WORDS_WORTH_SHARING
    assert work_mapper([short], Options(jobs=2)) is serial
    long_plan = short.model_copy(update={"meta": short.meta.model_copy(update={"words": WORDS_WORTH_SHARING})})
    assert work_mapper([long_plan], Options(jobs=2)) is not serial
    assert work_mapper([long_plan], Options(jobs=1)) is serial


@pytest.mark.parametrize("name", ["harrowfield-strong.pdf", "harrowfield-gaps.docx"])
def test_a_check_gives_the_same_report_with_one_job_or_two(name, monkeypatch):
    import jfp.runner
    from jfp.runner import check

    path = ROOT / "samples" / name
    alone = check([path], Options(jobs=1))
    # Share everything this plan has (pages, sections, requirements), however short it is.
    monkeypatch.setattr(jfp.runner, "PAGES_WORTH_SHARING", 2)
    monkeypatch.setattr(jfp.runner, "WORDS_WORTH_SHARING", 1)
    assert check([path], Options(jobs=2)) == alone


def test_the_load_average_is_never_read(monkeypatch):
    import jfp.runner
    from jfp.runner import check

    def no(*args):
        raise AssertionError("the runner looked at the load average")

    monkeypatch.setattr(os, "getloadavg", no)
    monkeypatch.setattr(jfp.runner, "PAGES_WORTH_SHARING", 2)
    monkeypatch.setattr(jfp.runner, "WORDS_WORTH_SHARING", 1)
    report = check([ROOT / "samples" / "harrowfield-thin.pdf"], Options(jobs=2))
    assert report.results


def test_options_hold_enums_whatever_they_are_given():
    from jfp.options import FailOn, ReportFormat

    options = Options(fail_on="none", format="json", batch_formats=["html"], hwb=["Kestrel"])
    assert options.fail_on is FailOn.none and options.format is ReportFormat.json
    assert options.batch_formats == (ReportFormat.html,) and options.hwb == ("Kestrel",)
    with pytest.raises(ValueError):
        Options(fail_on="sometimes")
