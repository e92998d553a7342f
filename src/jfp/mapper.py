"""How the pure core hands independent work to whoever runs it: a mapper.

A parser or the engine holding a list of independent tasks (the pages of a long PDF, the
sections of a plan, its requirements) calls ``mapper(fn, items)`` and gets
``[fn(x) for x in items]`` back, in order. ``serial`` does just that, here; the runner
passes one that shares the items with forked helpers (``jfp.runner.share``). The core never
decides how its work is spread: the same calls give the same results either way.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TypeVar

    T = TypeVar("T")
    R = TypeVar("R")
    Mapper = Callable[[Callable[[T], R], Sequence[T]], list[R]]


def serial(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(x) for x in items]``: every task in this process, in order."""
    return [fn(x) for x in items]
