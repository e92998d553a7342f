"""Test hook: run code inside the helper process that reads a long PDF's pages alongside."""
from __future__ import annotations

from collections.abc import Callable


def in_page_reading_helper(monkeypatch, action: Callable[[], object]) -> None:
    """Make ``action`` run in the forked page-reading helper, before each chunk it reads.

    Every PDF of two or more pages is then read by two processes (``jfp.runner`` shares
    pages from two on, with two jobs). The helper is told apart from the process that
    forked it by its call to ``jfp.runner.sandbox.die_with_parent``, which it makes first
    thing (the patches are in place before the fork, so both inherit them).
    """
    import jfp.runner
    import jfp.runner.sandbox
    import jfp.runner.share
    from jfp.parsers import pdf_read

    real_die_with_parent, real_read_range = jfp.runner.sandbox.die_with_parent, pdf_read._read_range
    in_helper: list[bool] = []

    def marking(parent_pid: int) -> None:
        real_die_with_parent(parent_pid)
        in_helper.append(True)

    def read_range(pdf, start, stop, reader=None):
        if in_helper:
            action()
        return real_read_range(pdf, start, stop, reader)

    monkeypatch.setattr(jfp.runner.sandbox, "die_with_parent", marking)
    monkeypatch.setattr(pdf_read, "_read_range", read_range)
    monkeypatch.setattr(jfp.runner, "PAGES_WORTH_SHARING", 2)
    # Other tests may have left threads behind (Playwright's), which would rightly stop a fork.
    monkeypatch.setattr(jfp.runner.share, "can_fork", lambda: True)
