"""Fixtures shared by several test modules."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test; skips without one (see tests/browser.py)."""
    from browser import launched

    with launched() as b:
        yield b


def _private_cache() -> None:
    """Every test, and every jfp process a test starts, uses one fresh compiled-pack cache."""
    import os
    import tempfile

    os.environ["JFP_CACHE_DIR"] = tempfile.mkdtemp(prefix="jfp-test-cache-")
    os.environ.pop("JFP_NO_CACHE", None)


_private_cache()
