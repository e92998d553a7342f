"""The batch heat map (summary.html) in headless Chromium through Playwright (marker ``browser``).

Uses the system Chromium; never downloads one. Skips when /usr/bin/chromium is absent,
except under CI=true, where a missing browser is a failure.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jfp.batch import discover, run_batch
from jfp.batch.progress import NullProgress
from batch_fake import batch_options
from jfp.batch.runner import PackId
from jfp.options import Options

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("plans")
    (d / "b-middle.md").write_text("# NHS Middle ICB\nS01=met S02=partial\n", encoding="utf-8")
    (d / "a-best.md").write_text("# Best <script>window.__pwned=1</script>\nS01=met S02=met P01=met R01=met\n",
                                 encoding="utf-8")
    (d / "c-worst.md").write_text("# Worst\nnothing here\n", encoding="utf-8")
    (d / "d-empty.md").write_bytes(b"")
    out = d / "out"
    run_batch(discover([d]), out, batch_options(Options(), formats=["html"]), progress=NullProgress(),
              check="batch_fake:check", pack=PackId("fake-pack", "1", "Fake pack"))
    return out


def _column(pg, index: int) -> list[str]:
    return pg.eval_on_selector_all(
        "#heatmap tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent.trim())")


def test_heatmap_loads_sorts_and_links(browser, batch_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    requests: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    pg.goto((batch_dir / "summary.html").as_uri())
    pg.wait_for_load_state("load")
    assert errors == []
    assert requests == [pg.url]
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert "1/3 met" in pg.inner_text("#heatmap thead")  # P01: only the best plan

    names = [n.split("\n")[0] for n in _column(pg, 0)]
    assert [Path(n).name for n in names][:3] == ["a-best.md", "b-middle.md", "c-worst.md"]
    pg.click("#heatmap thead th:nth-child(4) button")  # Score
    ascending = [float(s) if s else -1 for s in _column(pg, 3)]
    assert ascending == sorted(ascending)
    assert pg.get_attribute("#heatmap thead th:nth-child(4)", "aria-sort") == "ascending"
    pg.click("#heatmap thead th:nth-child(4) button")
    descending = [float(s) if s else -1 for s in _column(pg, 3)]
    assert descending == sorted(descending, reverse=True) and descending[0] == 100.0

    link = pg.locator("#heatmap tbody tr:first-child td.st-met a").first
    href = link.get_attribute("href")
    assert href.startswith("reports/") and "#req-" in href
    link.click()
    pg.wait_for_load_state("load")
    assert pg.url.split("#")[0].endswith(href.split("#")[0])
    assert pg.locator(f"#{href.split('#')[1]}").count() == 1
    assert errors == []
    context.close()


def _wide_heatmap(tmp_path) -> Path:
    """summary.html for plans with all 30 requirement columns and long names."""
    from jfp.batch.heatmap import render_heatmap
    from jfp.batch.results import BatchResult, DocResult, ReqCell
    from reportdata import CATALOGUE

    rows = []
    for n in range(12):
        cells = [ReqCell(code=code, id=rid, title=title, kind=kind, status=("met", "partial", "missing")[(n + i) % 3])
                 for i, (code, rid, kind, _basis, title, _g, _e) in enumerate(CATALOGUE)]
        rows.append(DocResult(file=f"submissions/region {n}/NHS Long-Named Integrated Care Board {n} joint forward plan 2025-26 final.pdf",
                              stem=f"plan-{n}", outcome="checked", icb=f"NHS Long-Named ICB {n}", pages=80 + n,
                              score=50.0 + n, gate_passed=n % 2 == 0, requirements=cells))
    page = tmp_path / "summary.html"
    page.write_text(render_heatmap(BatchResult(rows=rows, total=len(rows)), "Joint Forward Plans 2025/26"), encoding="utf-8")
    return page


def test_heatmap_fits_2200_pixels_and_keeps_plan_names_when_scrolled(browser, tmp_path):
    """Issue 13.6: 30 requirement columns fit a 2,200 px screen; narrower, the table scrolls
    inside its frame and the plan names stay in view."""
    page = _wide_heatmap(tmp_path)
    context = browser.new_context(viewport={"width": 2200, "height": 900})
    pg = context.new_page()
    pg.goto(page.as_uri())
    assert pg.locator("#heatmap thead th").count() == 35
    widths = pg.evaluate("() => [document.documentElement.scrollWidth, document.querySelector('.wrap').scrollWidth,"
                         " document.querySelector('.wrap').clientWidth]")
    assert widths[0] <= 2200 and widths[1] <= widths[2], widths
    context.close()

    context = browser.new_context(viewport={"width": 1000, "height": 700})
    pg = context.new_page()
    pg.goto(page.as_uri())
    assert pg.evaluate("document.documentElement.scrollWidth") <= 1000  # the frame scrolls, not the page
    pg.evaluate("document.querySelector('.wrap').scrollLeft = 5000")
    first = pg.locator("#heatmap tbody tr:first-child th.doc")
    box, frame = first.bounding_box(), pg.locator(".wrap").bounding_box()
    assert abs(box["x"] - frame["x"]) < 2 and box["width"] > 100
    # what is visible at the name's position is the name cell itself, not a score cell under it
    hit = pg.evaluate(f"document.elementFromPoint({box['x'] + 20}, {box['y'] + box['height'] / 2}).closest('th')?.className")
    assert hit == "doc"
    context.close()
