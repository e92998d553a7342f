"""Tests for the Markdown report (jfp.report.markdown)."""
from __future__ import annotations

import re

import reportdata

from jfp.report import markdown


def test_summary_table_and_gaps():
    text = markdown.render(reportdata.make_checked_report())
    assert text.startswith("## jfp: kestrel &lt;draft&gt; &amp; \"final\".docx — FAIL, score 74/100")
    rows = [line for line in text.splitlines() if re.match(r"\| [SPR]\d\d \|", line)]
    assert len(rows) == 30
    assert all(row.count("|") - row.count("\\|") == 7 for row in rows), "a cell broke the table"
    assert "| S13 | Duty in respect of research | statutory | **✘ missing** | 0 | — |" in rows
    assert "## What to add (8)" in text and "**Gap:**" in text


def test_document_text_is_escaped():
    text = markdown.render(reportdata.make_checked_report(), verbose=True)
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    assert r"\| pipe \| and \`code\` and \*\*bold\*\* and \[link\]" in text
    assert "@everyone" not in text and "@\u2060everyone" in text
    assert "\x0c" not in text and "\x07" not in text
    assert "[link](http" not in text


def test_escape_is_inert():
    assert markdown.escape("a|b") == r"a\|b"
    assert markdown.escape("`x`") == r"\`x\`"
    assert markdown.escape("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert markdown.escape("line\nbreak") == "line break"
