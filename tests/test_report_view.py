"""Tests for the wording shared by all reporters (jfp.report.view), and edge-case reports."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import reportdata

from jfp.models import Evidence, Strength
from jfp.report import Format, render, view


def _ev(**kw) -> Evidence:
    base = dict(text="t", section="4 Plan > 4.1 Consultation", page=None, paragraph=7,
                strength=Strength.statement)
    base.update(kw)
    return Evidence(**base)


def test_location_forms():
    assert view.location(_ev(page=23)) == "p.23 · 4 Plan > 4.1 Consultation"
    assert view.location(_ev(page=23), short=True) == "p.23 · 4.1 Consultation"
    assert view.location(_ev()) == "4 Plan > 4.1 Consultation ¶7"
    assert view.location(_ev(section="")) == "(before the first heading) ¶7"
    assert view.location(_ev(file="annex/engagement report.pdf", page=3)).startswith("engagement report.pdf: p.3")


def test_best_evidence_prefers_strength_then_order():
    report = reportdata.make_report()
    r = report.results[0].model_copy(update={"evidence": [
        _ev(paragraph=50, strength=Strength.mention), _ev(paragraph=90, strength=Strength.commitment),
        _ev(paragraph=10, strength=Strength.commitment)]})
    assert view.best_evidence(r).paragraph == 10


def test_clean_drops_controls_and_bidi_overrides():
    assert view.clean("a\x1b[31mred\x07\u202eevil\n\n b") == "a [31mred evil b"


def test_gap_parts_in_order_with_basis():
    research = next(r for r in reportdata.make_report().results if r.id == "research")
    labels = [label for label, _ in view.gap_parts(research)]
    assert labels == ["Gap", "Missing", "Add", "Guidance (s.14Z40)"]
    assert view.gap_parts(reportdata.make_report().results[0]) == [
        ("Guidance (NHS Act 2006 s.14Z42)", "Describe how health, social care and health-related services are integrated.")]


@pytest.mark.parametrize("fmt", list(Format))
def test_minimal_report_renders(fmt):
    text = render(reportdata.make_minimal_report(), fmt)
    assert "S01" in text or "integration" in text
    assert "What to add" not in text and "Warnings" not in text


def test_minimal_report_is_valid_json_and_sarif():
    root = Path(__file__).resolve().parent
    report = reportdata.make_minimal_report()
    schema = json.loads((root.parent / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(render(report, Format.json)), schema)
    sarif_schema = json.loads((root / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(render(report, Format.sarif))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    assert log["runs"][0]["results"] == []
