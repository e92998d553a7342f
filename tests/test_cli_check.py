"""CLI tests for `jfp check`: exit codes, stdout, report files, options and jfp.toml waivers."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from enginedata import shipped_pack, write_markdown_plan
from clirun import invoke

from jfp.engine.loader import load_pack


CONTRACT_FIELDS = {"schema_version", "tool", "document", "rulepack", "score", "summary", "results"}
RESULT_FIELDS = {"id", "code", "title", "kind", "status", "score", "elements", "evidence", "gap", "waived"}
TITLE = "Harrowfield Joint Forward Plan 2025/26 to 2029/30"


def _full_sections(skip: tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    """One section per requirement holding its rule's own positive examples: a plan covering everything
    (an example that counts only as a mention, such as one board's opinion still to come, is left out)."""
    return [(rule.title, [e.text for e in rule.examples if e.counts and e.strength != "mention"])
            for rule in shipped_pack().rules if rule.id not in skip]


@pytest.fixture(scope="module")
def full_plan(tmp_path_factory) -> Path:
    return write_markdown_plan(tmp_path_factory.mktemp("full") / "plan.md", TITLE, _full_sections())


@pytest.fixture(scope="module")
def thin_plan(tmp_path_factory) -> Path:
    return write_markdown_plan(tmp_path_factory.mktemp("thin") / "plan.md", TITLE, [
        ("Research", ["We will double the number of people taking part in NIHR studies to 6,000 a year by 2027."]),
    ])


def _check(*args: str):
    return invoke(["check", *[str(a) for a in args]])


def _json(*args: str) -> dict:
    result = _check(*args, "--format", "json")
    return json.loads(result.stdout)


def test_plan_covering_everything_passes(full_plan):
    result = _check(full_plan, "--no-config")
    assert result.exit_code == 0, result.output
    assert "PASS" in result.stdout
    report = _json(full_plan, "--no-config")
    assert report["summary"]["missing"] == 0
    assert report["gate"]["passed"] is True


def test_plan_missing_statutory_items_fails_the_default_gate(thin_plan):
    result = _check(thin_plan, "--no-config", "--fail-on", "statutory")
    assert result.exit_code == 1
    assert "FAIL" in result.stdout
    assert "S01" in result.stdout and "missing" in result.stdout


def test_fail_on_none_passes_a_thin_plan(thin_plan):
    assert _check(thin_plan, "--no-config", "--fail-on", "none").exit_code == 0


def test_fail_on_any_fails_unless_everything_is_met(full_plan, thin_plan):
    assert _check(thin_plan, "--no-config", "--fail-on", "any").exit_code == 1
    met_everything = _json(full_plan, "--no-config")["summary"]["partial"] == 0
    assert _check(full_plan, "--no-config", "--fail-on", "any").exit_code == (0 if met_everything else 1)


def test_json_is_exactly_one_object_with_the_contract_fields(thin_plan):
    result = _check(thin_plan, "--no-config", "--format", "json")
    report = json.loads(result.stdout)  # raises if anything else is on stdout
    assert isinstance(report, dict)
    assert CONTRACT_FIELDS <= set(report)
    assert report["schema_version"] == "1"
    # No --rules: the pack is the one for the plan's own period, and the report says why.
    assert report["rulepack"]["id"] == "jfp-2025-26"
    assert report["rulepack"]["reason"] == "plan period 2025/26 to 2029/30 read from the title page"
    assert [r["id"] for r in report["results"]] == [r.id for r in load_pack("jfp-2025-26").rules]
    for r in report["results"]:
        assert RESULT_FIELDS <= set(r)
        assert r["status"] in ("met", "partial", "missing")
        assert 0 <= r["score"] <= 100
    counts = report["summary"]
    assert counts["met"] + counts["partial"] + counts["missing"] == len(report["results"])
    research = next(r for r in report["results"] if r["code"] == "S13")
    assert research["status"] != "missing"
    assert research["evidence"][0]["section"].endswith("Research")
    assert result.exit_code == 1


def test_fail_under(full_plan):
    score = _json(full_plan, "--no-config")["score"]
    above = _check(full_plan, "--no-config", "--fail-under", str(min(100, score + 1)))
    assert above.exit_code == 1
    assert "under" in above.stdout
    assert _check(full_plan, "--no-config", "--fail-under", str(max(0, score - 1))).exit_code == 0


def test_unknown_format_is_a_usage_error(thin_plan):
    result = _check(thin_plan, "--format", "yaml")
    assert result.exit_code == 2
    assert "yaml" in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_3(tmp_path):
    result = _check(tmp_path / "no-such-plan.md", "--no-config")
    assert result.exit_code == 3
    assert "no-such-plan.md" in result.stderr


def test_bad_rules_path_exits_2(thin_plan, tmp_path):
    result = _check(thin_plan, "--no-config", "--rules", tmp_path / "no-such-pack")
    assert result.exit_code == 2
    assert "no-such-pack" in result.stderr
    assert result.stdout == ""


def _p02(report: dict) -> dict:
    return next(r for r in report["results"] if r["id"] == "hwb-opinion")


def test_hwb_board_without_a_statement_is_named_in_the_gap(full_plan):
    # The full plan states the opinion of the Harrowfield board only (the P02 rule's example).
    named = _p02(_json(full_plan, "--no-config", "--hwb", "Harrowfield Health and Wellbeing Board"))
    both = _p02(_json(full_plan, "--no-config", "--hwb", "Harrowfield Health and Wellbeing Board",
                      "--hwb", "Kestrel Health and Wellbeing Board"))
    assert named["status"] == "met"
    assert both["status"] == "partial"
    assert "Kestrel Health and Wellbeing Board" in both["gap"]
    assert "Harrowfield" not in both["gap"]


def test_plan_year_option(tmp_path):
    plan = write_markdown_plan(tmp_path / "plan.md", "Joint Forward Plan", [
        ("Introduction", ["This plan covers 2024/25 to 2028/29 for our population.",
                          "We will open two hubs by March 2027 and a third by March 2028."]),
    ])
    assert _json(plan, "--no-config")["plan_year"] == "2024/25"
    report = _json(plan, "--no-config", "--plan-year", "2026/27")
    assert report["plan_year"] == "2026/27"
    p04 = next(r for r in report["results"] if r["code"] == "P04")
    assert p04["status"] == "partial" and "2026/27" in p04["gap"]


def test_bad_plan_year_is_a_usage_error(thin_plan):
    assert _check(thin_plan, "--no-config", "--plan-year", "next year").exit_code == 2


def test_outputs_write_every_file(thin_plan, tmp_path):
    md, sarif = tmp_path / "out" / "x.md", tmp_path / "x.sarif"
    md.parent.mkdir()
    result = _check(thin_plan, "--no-config", "--output", md, "--output", sarif)
    assert result.exit_code == 1
    assert "S13" in md.read_text(encoding="utf-8")
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert result.stdout  # the terminal table is still printed


# --- jfp.toml waivers --------------------------------------------------------------------


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with a plan in drafts/ that covers everything except climate change (S15).

    jfp runs in drafts/: the project's jfp.toml is found upward from the working directory.
    """
    (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path / "drafts")
    write_markdown_plan(tmp_path / "drafts" / "plan.md", TITLE, _full_sections(skip=("climate-change",)))
    return tmp_path


def _waiver(project: Path, expires: date) -> None:
    (project / "jfp.toml").write_text(
        f'[[waivers]]\nid = "S15"\nreason = "Green plan refresh is annex C"\nexpires = {expires.isoformat()}\n',
        encoding="utf-8",
    )


def test_without_a_waiver_the_missing_statutory_item_fails(project):
    result = _check(project / "drafts" / "plan.md")
    assert result.exit_code == 1
    assert "S15" in result.stdout


def test_waiver_found_upward_marks_the_requirement_waived_and_passes(project):
    _waiver(project, date.today() + timedelta(days=30))
    plan = project / "drafts" / "plan.md"
    result = _check(plan)
    assert result.exit_code == 0, result.output
    s15 = next(r for r in _json(plan)["results"] if r["code"] == "S15")
    assert s15["status"] == "missing"  # the status is kept; only the gate ignores it
    assert s15["waived"] is True


def test_no_config_ignores_the_waiver(project):
    _waiver(project, date.today() + timedelta(days=30))
    assert _check(project / "drafts" / "plan.md", "--no-config").exit_code == 1


def test_expired_waiver_warns_and_does_not_apply(project):
    _waiver(project, date.today() - timedelta(days=1))
    result = _check(project / "drafts" / "plan.md")
    assert result.exit_code == 1
    assert "expired" in result.stderr and "climate-change" in result.stderr


def test_docx_plan_with_a_consultation_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Kestrel Joint Forward Plan 2025/26 to 2029/30", level=0)
    document.add_heading("What people told us", level=1)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, ["What we heard", "How we took it into account"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Residents asked for evening GP appointments",
                                                 "We added 200 evening GP appointments a week from April 2025"]):
        cell.text = text
    document.add_heading("Glossary", level=1)
    document.add_paragraph("Consultation: we asked 2,000 residents what they thought of the draft plan in May 2025.")
    path = tmp_path / "plan.docx"
    document.save(path)

    result = _check(path, "--no-config", "--format", "json", "--fail-on", "none")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["document"]["format"] == "docx"
    p01 = next(r for r in report["results"] if r["code"] == "P01")
    assert p01["status"] != "missing"
    sections = {e["section"] for r in report["results"] for e in r["evidence"]}
    assert sections and not any("Glossary" in s for s in sections)
