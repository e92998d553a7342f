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
