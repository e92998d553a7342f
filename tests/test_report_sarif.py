"""Tests for the SARIF 2.1.0 report (jfp.report.sarif), validated against the OASIS schema."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import reportdata

from jfp.report import sarif

SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _run(fail_on="statutory"):
    return json.loads(sarif.render(reportdata.make_checked_report(fail_on)))["runs"][0]


@pytest.mark.parametrize("fail_on", ["statutory", "process", "any", "none"])
def test_validates_against_sarif_schema(validator, fail_on):
    log = json.loads(sarif.render(reportdata.make_checked_report(fail_on), verbose=True))
    assert [e.message for e in validator.iter_errors(log)] == []
    assert log["version"] == "2.1.0"


def test_driver_and_rules():
    driver = _run()["tool"]["driver"]
    assert driver["name"] == "jfp" and driver["version"] and driver["informationUri"].startswith("https://")
    assert len(driver["rules"]) == 30
    s13 = driver["rules"][12]
    assert s13["id"] == "S13" and s13["name"] == "research"
    assert s13["shortDescription"]["text"] == "Duty in respect of research"
    assert "diverse communities" in s13["fullDescription"]["text"] and "s.14Z40" in s13["help"]["text"]
    assert s13["properties"]["kind"] == "statutory"


def test_one_result_per_gap_with_levels():
    run = _run()
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert sorted(by_rule) == ["P01", "P02", "R03", "R05", "S09", "S13", "S15", "S16", "S17"]
    assert by_rule["S13"]["level"] == "error" and by_rule["S15"]["level"] == "error"
    assert by_rule["S09"]["level"] == "warning" and by_rule["P02"]["level"] == "warning"
    assert by_rule["R03"]["level"] == "note"
    assert by_rule["S17"]["level"] == "warning"  # waived: does not fail the gate
    any_run = {r["ruleId"]: r for r in _run("any")["results"]}
    assert any_run["R03"]["level"] == "error" and any_run["S09"]["level"] == "error"
    for r in run["results"]:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_message_and_locations():
    run = _run()
    by_rule = {r["ruleId"]: r for r in run["results"]}
    s13 = by_rule["S13"]
    assert s13["message"]["text"].startswith("Nothing in the plan addresses")
    loc = s13["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "plans/kestrel%20%3Cdraft%3E%20%26%20%22final%22.docx"
    assert loc["region"] == {"startLine": 1}
    assert "logicalLocations" not in s13["locations"][0]  # no evidence at all
    s09 = by_rule["S09"]
    assert s09["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "5 Our priorities > 5.1 Integrated care"
    assert s09["properties"]["page"] == 12 and isinstance(s09["properties"]["paragraph"], int)
    assert all(r["partialFingerprints"] for r in run["results"])
    assert len({r["partialFingerprints"]["jfpRequirement/v1"] for r in run["results"]}) == 9


def test_waiver_becomes_suppression():
    s17 = next(r for r in _run()["results"] if r["ruleId"] == "S17")
    (suppression,) = s17["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert "Growing up in Kestrel" in suppression["justification"] and "2026-06-30" in suppression["justification"]
    assert all("suppressions" not in r for r in _run()["results"] if r["ruleId"] != "S17")


def test_warnings_become_notifications():
    notes = _run()["invocations"][0]["toolExecutionNotifications"]
    texts = [n["message"]["text"] for n in notes]
    assert any(t.startswith("garbled-text:") for t in texts)
    assert "waiver for digital-data expired on 2026-01-31" in texts


def test_artifact_uri(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sarif.artifact_uri(str(tmp_path / "plans" / "a b.docx")) == "plans/a%20b.docx"
    assert sarif.artifact_uri("plans/x.pdf") == "plans/x.pdf"
    assert sarif.artifact_uri("/elsewhere/x.pdf").startswith("file:///")
