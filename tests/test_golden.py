"""Golden files: every report format rendered from the synthetic report, compared byte for byte.

A change in any reporter shows up as a readable diff. After an intended change, regenerate
and review the diff before committing:

    JFP_REGEN_GOLDEN=1 pytest tests/test_golden.py

Volatile fields are normalised: the tool version becomes ``<VERSION>``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import reportdata

from jfp.report import Format, render, terminal

GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIX = {Format.table: "txt", Format.json: "json", Format.markdown: "md", Format.html: "html",
          Format.sarif: "sarif", Format.junit: "xml"}


def _normalise(text: str, version: str) -> str:
    return text.replace(f'"{version}"', '"<VERSION>"').replace(f"jfp {version}", "jfp <VERSION>")


def _render(fmt: Format, verbose: bool) -> str:
    report = reportdata.make_checked_report()
    if fmt is Format.table:  # the terminal's width and colour come from the environment otherwise
        text = terminal.render(report, verbose=verbose, width=100, color=False)
    else:
        text = render(report, fmt, verbose=verbose)
    return _normalise(text, report.tool.version)


def test_every_format_has_a_golden_suffix():
    assert set(SUFFIX) == set(Format)


@pytest.mark.parametrize("verbose", [False, True], ids=["plain", "verbose"])
@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_golden(fmt, verbose):
    path = GOLDEN / f"synthetic{'-verbose' if verbose else ''}.{SUFFIX[fmt]}"
    text = _render(fmt, verbose)
    if os.environ.get("JFP_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path.name} missing: run JFP_REGEN_GOLDEN=1 pytest tests/test_golden.py"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: if the change is intended, run JFP_REGEN_GOLDEN=1 pytest tests/test_golden.py")


def test_normalisation_removes_the_version():
    report = reportdata.make_checked_report()
    for fmt in Format:
        text = _render(fmt, False)
        assert f'"{report.tool.version}"' not in text and f"jfp {report.tool.version}" not in text
