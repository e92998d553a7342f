"""Tests for the reporter registry, format inference and atomic report writing (jfp.report)."""
from __future__ import annotations

import os

import pytest
import reportdata

from jfp.errors import UsageError
from jfp.report import Format, infer_format, render, renderer, write_report


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_has_a_renderer(fmt):
    fn = renderer(fmt)
    text = fn(reportdata.make_checked_report(), verbose=False)
    assert isinstance(text, str) and text.endswith("\n") and len(text) > 500


@pytest.mark.parametrize("fmt", list(Format))
def test_render_by_name_matches_renderer(fmt):
    report = reportdata.make_checked_report()
    assert render(report, fmt.value) == renderer(fmt)(report)


@pytest.mark.parametrize("fmt", [Format.json, Format.markdown, Format.html, Format.table])
def test_verbose_adds_hits(fmt):
    report = reportdata.make_checked_report()
    hit = "is one of our duties"  # text only present in hits, never in best evidence
    assert hit not in render(report, fmt)
    assert hit in render(report, fmt, verbose=True)


@pytest.mark.parametrize("name,fmt", [
    ("r.json", Format.json), ("r.sarif", Format.sarif), ("r.sarif.json", Format.sarif),
    ("R.SARIF.JSON", Format.sarif), ("out/r.md", Format.markdown), ("r.markdown", Format.markdown),
    ("r.html", Format.html), ("r.htm", Format.html), ("junit.xml", Format.junit),
    ("report.txt", Format.table),
])
def test_infer_format(name, fmt):
    assert infer_format(name) is fmt


@pytest.mark.parametrize("name", ["report.pdf", "report", "report.json.bak"])
def test_infer_format_rejects_unknown_extensions(name):
    with pytest.raises(UsageError, match="extension"):
        infer_format(name)


def test_write_report_writes_utf8_and_replaces(tmp_path):
    target = tmp_path / "r.md"
    write_report(target, "old\n")
    write_report(target, "new ✔ 🏥\n")
    assert target.read_text(encoding="utf-8") == "new ✔ 🏥\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_write_report_honours_umask_not_tempfile_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_report(tmp_path / "r.html", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644


def test_interrupted_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("previous report\n", encoding="utf-8")

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_report(target, "x" * 100_000)
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_write_report_creates_missing_folders(tmp_path):
    write_report(tmp_path / "out" / "ci" / "r.html", "x")
    assert (tmp_path / "out" / "ci" / "r.html").read_text() == "x"
