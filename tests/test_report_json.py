"""Tests for the JSON report and its committed JSON Schema (jfp.report.json, docs/report.schema.json)."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import reportdata

from jfp.models import Report
from jfp.report import json as json_report

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "report.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("verbose", [False, True])
def test_rendered_reports_validate(validator, verbose):
    for report in (reportdata.make_report(), reportdata.make_checked_report("any", 90)):
        data = json.loads(json_report.render(report, verbose=verbose))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == []


def test_contract_field_names():
    data = json.loads(json_report.render(reportdata.make_checked_report()))
    assert data["schema_version"] == "1" and data["tool"]["name"] == "jfp"
    assert set(data["document"]) >= {"path", "format", "sha256", "pages", "words", "sections", "warnings"}
    assert [r["id"] for r in data["results"]][:3] == ["integration", "health-services", "wider-effects"]
    assert len(data["results"]) == 30
    research = next(r for r in data["results"] if r["code"] == "S13")
    assert research["status"] == "missing" and research["kind"] == "statutory"
    assert research["waived"] is False and research["gap"]
    unpaged = [e for r in data["results"] for e in r["evidence"] if e["page"] is None]
    assert unpaged and all("page" in e for r in data["results"] for e in r["evidence"])
    assert data["gate"]["passed"] is False
    assert data["summary"] == {"met": 21, "partial": 4, "missing": 5}


def test_hits_only_when_verbose():
    report = reportdata.make_checked_report()
    plain = json.loads(json_report.render(report))
    verbose = json.loads(json_report.render(report, verbose=True))
    assert all("hits" not in r for r in plain["results"])
    assert sum(len(r["hits"]) for r in verbose["results"]) > sum(len(r["evidence"]) for r in plain["results"])


def test_round_trips_to_the_model():
    report = reportdata.make_checked_report()
    assert Report.model_validate_json(json_report.render(report, verbose=True)) == report


def test_hostile_text_survives_exactly():
    data = json.loads(json_report.render(reportdata.make_checked_report()))
    assert data["document"]["title"] == reportdata.TITLE
    texts = [e["text"] for r in data["results"] for e in r["evidence"]]
    assert any(reportdata.CONTROL in t for t in texts)


def test_schema_rejects_bad_values(validator):
    data = json.loads(json_report.render(reportdata.make_checked_report()))
    data["results"][0]["status"] = "done"
    data["results"][1]["evidence"][0]["strength"] = "strong"
    del data["results"][2]["kind"]
    messages = " ".join(e.message for e in validator.iter_errors(data))
    assert "'done' is not one of" in messages and "'strong' is not one of" in messages
    assert "'kind' is a required property" in messages


# What `jfp check` adds around the Report (report-contract.md, "Several plans"): not model fields.
ENVELOPE = {"reports", "unreadable"}
ENVELOPE_DEFS = {"PlanReport", "Unreadable"}


def _model_fields(schema: dict) -> dict[str, set[str]]:
    defs = {name: set(d.get("properties", {})) for name, d in schema["$defs"].items() if name not in ENVELOPE_DEFS}
    defs["Report"] = set(schema["properties"]) - ENVELOPE
    return defs


def test_schema_matches_the_model():
    """Fails when models.py gains or loses a field the committed schema does not describe."""
    committed = _model_fields(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    generated = _model_fields(Report.model_json_schema(mode="serialization"))
    assert committed == generated


def _two_plans():
    first = reportdata.make_checked_report()
    second = first.model_copy(update={"document": first.document.model_copy(update={"path": "south/plan.md"})})
    return first, second


@pytest.mark.parametrize("count", [0, 1, 2])
def test_check_output_has_one_shape_for_any_number_of_plans(validator, count):
    from jfp.errors import DocumentError

    reports = list(_two_plans())[:count]
    unread = [DocumentError("broken.pdf", "the file is not a PDF.", "corrupt")]
    data = json.loads(json_report.render_many(reports, unread=unread, verbose=True))
    assert [e.message for e in validator.iter_errors(data)] == []
    assert isinstance(data, dict) and data["schema_version"] == "1"
    assert [r["document"]["path"] for r in data["reports"]] == [r.document.path for r in reports]
    assert data["unreadable"] == [{"path": "broken.pdf", "reason": "corrupt", "message": "the file is not a PDF."}]
    # exactly one plan: its report is also the object itself (schema version 1 readers)
    assert ("results" in data) is (count == 1)
    for plan in data["reports"]:
        assert [e.message for e in validator.iter_errors(plan)] == []
        assert Report.model_validate(plan) in reports


def test_schema_refuses_a_half_report(validator):
    data = json.loads(json_report.render_many(list(_two_plans())))
    data["score"] = 50  # a Report field without the others is neither shape
    assert list(validator.iter_errors(data))
