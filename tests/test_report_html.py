"""Tests for the self-contained HTML report (jfp.report.html), without a browser."""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
import reportdata

from jfp.report import html as html_report
from jfp.report.html_assets import SCRIPT


class _Collect(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def page():
    text = html_report.render(reportdata.make_checked_report(), verbose=True)
    parser = _Collect()
    parser.feed(text)
    return text, parser


def test_only_our_script_and_no_event_handlers(page):
    text, parser = page
    assert parser.scripts == [SCRIPT]
    assert [t for t, _ in parser.tags].count("script") == 1
    assert not [t for t, _ in parser.tags if t in ("img", "iframe", "object", "embed", "b", "link")]
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("src", "action"):
            assert name not in attrs, (tag, attrs)
        # The only links are fragments within the page (a gap to its requirement).
        assert "href" not in attrs or attrs["href"].startswith("#"), (tag, attrs)


def test_hostile_text_is_shown_as_text(page):
    text, parser = page
    shown = " ".join(parser.text)
    assert "<script>window.__pwned = 1; alert(1)</script>" in shown
    assert '<img src=x onerror="window.__pwned=1">' in shown
    assert reportdata.FORMULA in shown
    assert "&lt;script&gt;" in text and "<script>window" not in text


def test_csp_allows_exactly_the_inline_script(page):
    text, parser = page
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1]


def test_self_contained(page):
    text, _ = page
    assert not re.search(r"<[a-z][^>]*\s(src\s*=|href\s*=\s*\"[^#])", text)
    assert "@import" not in text and "url(" not in text


def test_rows_and_filters_data(page):
    text, parser = page
    rows = [a for t, a in parser.tags if t == "tr" and "req" in (a.get("class") or "").split()]
    assert len(rows) == 30
    assert {a["data-kind"] for a in rows} == {"statutory", "process", "recommended"}
    gaps = [a["id"] for a in rows if a["data-gap"] == "1"]
    assert "req-research" in gaps and "req-children-young-people" not in gaps and len(gaps) == 8
    toolbar = next(a for t, a in parser.tags if t == "div" and a.get("class") == "toolbar")
    assert "hidden" in toolbar  # without JS the filters stay out of the way and every row shows
    assert not [a for a in rows if "hidden" in a]
    assert [t for t, _ in parser.tags].count("details") == 30  # no explanations given: no inner details


def test_details_carry_elements_evidence_and_guidance(page):
    text, _ = page
    research = text[text.index('id="req-research"'):text.index('id="req-education-training"')]
    assert "Research needs of diverse communities" in research and "Guidance" in research
    assert "s.14Z40" in research
    s09 = text[text.index('id="req-public-involvement"'):text.index('id="req-patient-choice"')]
    assert "p.12 · 5 Our priorities &gt; 5.1 Integrated care" in s09
    assert "All hits (2)" in s09  # verbose


def test_overview_and_gate(page):
    text, _ = page
    assert 'aria-label="Overall score 74 out of 100"' in text
    assert "Gate FAIL" in text and "missing statutory: S13 research, S15 climate-change" in text
    assert text.count('class="kind"') == 3
    passed = html_report.render(reportdata.make_checked_report("none"))
    assert "Gate PASS" in passed and 'class="gate pass"' in passed


# --------------------------------------------------------------------------- issue 13.6


def test_what_to_add_comes_before_the_requirements(page):
    text, _ = page
    assert text.index("What to add (") < text.index("<h2>Requirements</h2>")


def test_every_gap_links_to_its_requirement_and_explanation(page):
    text, parser = page
    ids = {a["id"] for _, a in parser.tags if "id" in a}
    links = [a["href"] for t, a in parser.tags if t == "a"]
    assert links and all(href[1:] in ids for href in links)
    assert "#req-research" in links and "#why-research" in links
    why = text[text.index('id="why-research"'):]
    assert "s.14Z40" in why[:2000]


def test_explanation_is_the_rules_show_text_when_given():
    report = reportdata.make_checked_report()
    text = html_report.render(report, explanations={"research": "# S13 Duty in respect of research\n\n<b>x</b>"})
    why = text[text.index('id="why-research"'):]
    assert "jfp rules show S13" in why and "&lt;b&gt;x&lt;/b&gt;" in why[:3000]


def test_a_mentioned_element_gets_no_tick():
    # partial requirements: the first element is found as a mention only, and
    # "What to add" still names... the rest; the mention must not look evidenced.
    text = html_report.render(reportdata.make_checked_report())
    row = text[text.index('id="req-public-involvement"'):text.index('id="req-patient-choice"')]
    assert 'class="mentioned"' in row and "mentioned only" in row
    assert 'class="found"' not in row


def test_rows_carry_the_best_quote_and_no_empty_cells(page):
    text, parser = page
    row = text[text.index('id="req-public-involvement"'):text.index('id="req-patient-choice"')]
    assert '<td class="where" data-label="Best evidence">' in row and "<q>" in row
    missing = text[text.index('id="req-research"'):text.index('id="req-education-training"')]
    assert '<span class="none">—</span>' in missing


def test_narrow_screens_and_print_keep_the_evidence_and_hide_the_header_row():
    from jfp.report.html_assets import CSS

    media = CSS[CSS.index("@media (max-width:860px),print"):]
    block = media[:media.index("@media print")]
    assert "table.requirements thead{display:none}" in block
    assert "td.where{display:none}" not in CSS
    assert "content:attr(data-label)" in block


def test_several_plans_make_one_page_with_a_part_each():
    first = reportdata.make_checked_report()
    second = first.model_copy(update={"document": first.document.model_copy(update={"path": "south/plan.md"})})
    text = html_report.render_many([first, second])
    assert text.count("<!DOCTYPE html>") == 1 and text.count("</html>") == 1
    assert text.count('<article class="plan"') == 2
    parser = _Collect()
    parser.feed(text)
    ids = [a["id"] for _, a in parser.tags if "id" in a]
    assert len(ids) == len(set(ids)), "ids must be unique across plans"
    assert "p1-req-research" in ids and "p2-req-research" in ids
    assert all(a["href"][1:] in ids for t, a in parser.tags if t == "a")
