"""Headless Chromium for the browser tests: the system browser, never a download.

Skips when /usr/bin/chromium is absent, except under CI=true, where a missing browser is
a failure rather than a silent skip (`.ci/run` installs Debian's chromium package).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# The flags keep a root, offline, headless Chromium from trying the network or a sandbox.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@contextmanager
def launched() -> Iterator[object]:
    """A Playwright Chromium browser, closed on exit; skips (or fails under CI) without one."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but /usr/bin/chromium is missing: install the chromium package")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
