"""Fixtures shared by several test modules."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test; skips without one (see tests/browser.py)."""
    from browser import launched

    with launched() as b:
        yield b
