"""The HTML report in a real browser: headless Chromium through Playwright (marker ``browser``).

Uses the system Chromium; never downloads one. Skips when /usr/bin/chromium is absent,
except under CI=true, where a missing browser is a failure rather than a silent skip.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import reportdata

from jfp.report import html as html_report

pytestmark = pytest.mark.browser

@pytest.fixture()
def page(browser, tmp_path):
    target = tmp_path / "report.html"
    target.write_text(html_report.render(reportdata.make_checked_report(), verbose=True), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    requests: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    pg.goto(target.as_uri())
    pg.wait_for_load_state("load")
    yield pg, errors, requests, tmp_path
    context.close()


def _visible_codes(pg) -> list[str]:
    return pg.eval_on_selector_all(
        "tr.req", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
                  ".map(r => r.querySelector('td.code').textContent)")


def test_no_errors_and_no_script_injection(page):
    pg, errors, requests, tmp_path = page
    assert errors == []
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.evaluate("document.scripts.length") == 1
    title = pg.inner_text("h1")
    assert "<script>window.__pwned = 1; alert(1)</script>" in title
    assert requests == [pg.url]  # nothing fetched but the page itself


def test_filters(page):
    pg, errors, _, tmp_path = page
    assert pg.is_visible(".toolbar")
    assert len(_visible_codes(pg)) == 30
    pg.click("button[data-filter=gaps]")
    gaps = _visible_codes(pg)
    assert sorted(gaps) == ["P01", "P02", "R03", "R05", "S09", "S13", "S15", "S16"]
    assert pg.get_attribute("button[data-filter=gaps]", "aria-pressed") == "true"
    pg.click("button[data-filter=statutory]")
    statutory = _visible_codes(pg)
    assert len(statutory) == 17 and all(c.startswith("S") for c in statutory)
    assert not pg.is_visible("tr.group[data-kind=process]")
    pg.click("button[data-filter=all]")
    assert len(_visible_codes(pg)) == 30
    assert errors == []


def test_details_expand_and_screenshot(page):
    pg, errors, _, tmp_path = page
    detail = "#req-public-involvement details"
    assert not pg.is_visible(f"{detail} .detail")
    pg.click(f"{detail} summary")
    assert pg.is_visible(f"{detail} .detail")
    assert "p.12 · 5 Our priorities > 5.1 Integrated care" in pg.inner_text(f"{detail} .detail")
    pg.click("button[data-expand]")
    assert pg.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
    shot = tmp_path / "report.png"
    pg.click("button[data-expand]")
    pg.click(f"{detail} summary")
    pg.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    if os.environ.get("JFP_SCREENSHOT"):  # for a person to look at: JFP_SCREENSHOT=/tmp/r.png
        Path(os.environ["JFP_SCREENSHOT"]).write_bytes(shot.read_bytes())
    assert errors == []


def test_works_without_javascript(browser, tmp_path):
    target = tmp_path / "report.html"
    target.write_text(html_report.render(reportdata.make_checked_report()), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(target.as_uri())
    assert not pg.is_visible(".toolbar")
    assert len(_visible_codes(pg)) == 30
    context.close()


def _open(browser, tmp_path, width, media="screen"):
    target = tmp_path / "narrow.html"
    target.write_text(html_report.render(reportdata.make_checked_report()), encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    pg.emulate_media(media=media)
    pg.goto(target.as_uri())
    return context, pg


@pytest.mark.parametrize("width,media", [(390, "screen"), (794, "print")], ids=["phone", "print"])
def test_phone_and_print_keep_the_evidence_and_no_empty_header(browser, tmp_path, width, media):
    """Issue 13.6: no "Best evidence" header over empty cells; each requirement keeps its quote."""
    context, pg = _open(browser, tmp_path, width, media)
    assert pg.evaluate("getComputedStyle(document.querySelector('table.requirements thead')).display") == "none"
    where = pg.locator('#req-public-involvement td.where')
    assert where.is_visible() and "p.12" in where.inner_text() and where.locator("q").is_visible()
    assert pg.evaluate("document.documentElement.scrollWidth") <= width + 1
    context.close()


def test_a_gap_link_opens_its_requirement(browser, tmp_path):
    context, pg = _open(browser, tmp_path, 1280)
    pg.click('#gap-research a[href="#why-research"]')
    assert pg.evaluate("document.querySelector('#req-research details').open") is True
    assert pg.locator("#why-research").is_visible()
    context.close()
