"""Tests for the terminal report and the --quiet gate line (jfp.report.terminal)."""
from __future__ import annotations

import re

import pytest
import reportdata

from jfp.report import terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def report():
    return reportdata.make_checked_report()


def test_reads_at_80_columns_without_colour(report):
    text = terminal.render(report, width=80, color=False)
    assert not ANSI.search(text)
    assert max(len(line) for line in text.splitlines()) <= 80
    for needle in ["Statutory requirements (17)", "Process requirements (5)", "Recommended content (8)",
                   "✔ met", "◐ partial", "✘ missing", "✘ waived", "What to add (8)",
                   "fails the gate", "Warnings", "jfp-2024-25 2024.1", "plan year 2025/26",
                   "waiver for digital-data expired on 2026-01-31"]:
        assert needle in text, needle


def test_no_trailing_blanks(report):
    assert all(line == line.rstrip() for line in terminal.render(report, width=80, color=False).splitlines())


def test_locations_show_page_or_paragraph(report):
    text = terminal.render(report, width=200, color=False)
    assert "p.12 · 5.1 Integrated care" in text
    assert re.search(r"6 Working with people <script>window.__pwned = 1; alert\(1\)</script> ¶\d+", text)


def test_gaps_list_elements_and_guidance_in_gate_order(report):
    text = terminal.render(report, width=200, color=False)
    todo = text[text.index("What to add"):]
    assert todo.index("S13 research") < todo.index("S15 climate-change") < todo.index("S09")
    assert todo.index("S09") < todo.index("P02") < todo.index("R03")
    assert "Missing: Research delivery; Research workforce; Research needs of diverse communities" in todo
    assert "Guidance (s.14Z40): Facilitate research" in todo
    assert "S17" not in todo.split("Waived")[0]  # waived gaps are not asked for


def test_colour_when_asked(report):
    text = terminal.render(report, width=100, color=True)
    assert ANSI.search(text)
    assert ANSI.sub("", text).count("✘ missing") == text.count("✘ missing")


def test_no_color_env_and_pipes_mean_no_ansi(report, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(terminal.render(report))
    monkeypatch.delenv("NO_COLOR")
    # pytest captures stdout, so it is not a terminal: no colour by default
    assert not ANSI.search(terminal.render(report))


def test_rich_markup_and_controls_in_document_text_stay_inert(report):
    text = terminal.render(report, width=200, color=True, verbose=True)
    plain = ANSI.sub("", text)
    assert reportdata.RICH in plain
    assert "\x07" not in text and "\x0c" not in text and "\u202e" not in text


def test_verbose_lists_every_hit(report):
    text = terminal.render(report, width=200, color=False, verbose=True)
    hits = sum(len(r.hits) for r in report.results)
    assert text.count("[mention]") + text.count("[commitment]") == hits


def test_gate_line(report):
    assert terminal.gate_line(report) == (
        'jfp: kestrel <draft> & "final".docx FAIL score 74 — missing statutory: S13 research, S15 climate-change')
    passed = reportdata.make_checked_report("none")
    assert terminal.gate_line(passed) == 'jfp: kestrel <draft> & "final".docx PASS score 74'
