"""A budget for each rule-pattern search while a plan is checked: a slow pattern is the pack's fault, not the plan's.

The pack loader refuses the shapes and patterns it can catch (``jfp.engine.regex_guard``);
this catches the rest while a plan is checked. Python's ``re`` checks for signals while it
searches, so a CPU-time interval timer (``ITIMER_PROF``, immune to a busy machine) samples
what the checking process is doing. When one and the same call in the engine (the same
frame, the same instruction, the same local values, so the same search of the same passage)
is still running after ``SEARCH_BUDGET_SECONDS`` of CPU, the search is stopped and the
check fails with ``PatternTooSlow``: a UsageError (exit 2) whose sentence names the rule
pack, the rule and the pattern. A plan that is merely long makes many short searches and
is never blamed on a rule; it meets the time limit as before.

Only armed around evaluation (never while a parser's C library reads a file), only in the
main thread, and disarmed afterwards; a forked helper inherits no timer.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from jfp.errors import UsageError

SEARCH_BUDGET_SECONDS = 3.0  # CPU seconds for one search of one passage; real ones take microseconds
_SAMPLE_SECONDS = 0.25
_ENGINE = ("jfp/engine/", "jfp\\engine\\")
_RE_MODULE = (f"re{os.sep}__init__.py",)


class PatternTooSlow(UsageError):
    """A rule pattern spent longer than its budget on one passage: a fault in the rule pack (exit 2)."""


def _engine_frame(frame: FrameType | None) -> FrameType | None:
    """The engine frame whose call is running: the innermost frame itself, or the caller of ``re``'s functions.

    Any other innermost frame (pydantic, the mapper, a parser) is Python code running, not
    one search, so it is not sampled.
    """
    if frame is not None and frame.f_code.co_filename.endswith(_RE_MODULE):
        frame = frame.f_back
    if frame is not None and any(part in frame.f_code.co_filename for part in _ENGINE):
        return frame
    return None


def _fingerprint(frame: FrameType) -> tuple:
    """What identifies one call in progress: the frame, its instruction and its local values."""
    return (id(frame), frame.f_lasti, tuple(id(v) for v in frame.f_locals.values()))


def _pattern_in(frame: FrameType) -> str | None:
    for value in frame.f_locals.values():
        for candidate in (value, getattr(value, "rx", None)):
            if isinstance(candidate, re.Pattern):
                return candidate.pattern
    return None


def blame(frame: FrameType | None, budget: float) -> PatternTooSlow:
    """The sentence for a search stopped in ``frame``: the pack, the rule and the pattern where they can be found."""
    pattern, rule, pack = None, None, None
    while frame is not None:
        local = frame.f_locals
        pattern = pattern or _pattern_in(frame)
        candidate = local.get("rule")
        if rule is None and hasattr(candidate, "id") and hasattr(candidate, "code"):
            rule = candidate
        for holder in (local.get("ctx"), local.get("self")):
            pack = pack or getattr(getattr(holder, "pack", None), "source", None)
        frame = frame.f_back
    where = f"{pack}: " if pack else "rule pack: "
    who = f"rule '{rule.id}' ({rule.code})" if rule is not None else "a vocabulary or built-in pattern"
    what = f"pattern '{pattern}'" if pattern else "a pattern"
    return PatternTooSlow(f"{where}{who}: {what} searched one passage for more than {budget:g} s of CPU "
                          f"(catastrophic backtracking) and was stopped; the rule pack needs fixing, not the plan.")


@contextlib.contextmanager
def watched(budget: float = SEARCH_BUDGET_SECONDS) -> Iterator[None]:
    """Run the block with each engine search under ``budget`` CPU seconds (PatternTooSlow beyond it)."""
    timer = getattr(signal, "ITIMER_PROF", None)
    if timer is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    state = {"key": None, "samples": 0}
    needed = max(2, round(budget / _SAMPLE_SECONDS))

    def on_sample(signum, frame) -> None:
        engine = _engine_frame(frame)
        key = _fingerprint(engine) if engine is not None else None
        if key is not None and key == state["key"]:
            state["samples"] += 1
            if state["samples"] >= needed:
                signal.setitimer(timer, 0)
                raise blame(engine, budget)
        else:
            state["key"], state["samples"] = key, 1

    previous = signal.signal(signal.SIGPROF, on_sample)
    signal.setitimer(timer, _SAMPLE_SECONDS, _SAMPLE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signal.SIGPROF, previous)
