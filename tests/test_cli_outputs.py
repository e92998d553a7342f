"""`jfp check` with several plans: every format one well-formed document, one file per --output,
nothing overwritten silently, and --quiet changing messages only (issue 13, items 2 and 4)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from clirun import invoke
from enginedata import write_markdown_plan

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-2.1.0.json"
REPORT_SCHEMA = ROOT / "docs" / "report.schema.json"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> list[Path]:
    """Two plans with the same file name in two folders, and a third."""
    base = tmp_path_factory.mktemp("plans")
    (base / "north").mkdir()
    (base / "south").mkdir()
    research = ["We will double the number of people taking part in NIHR studies to 6,000 a year by 2027."]
    return [
        write_markdown_plan(base / "north" / "plan.md", "North Joint Forward Plan 2025/26", [("Research", research)]),
        write_markdown_plan(base / "south" / "plan.md", "South Joint Forward Plan 2025/26", [("Climate", [
            "We will cut the carbon emissions of our estate by 40% by 2028, led by the ICB's estates director."])]),
        write_markdown_plan(base / "east.md", "East Joint Forward Plan 2025/26", [("Research", research)]),
    ]


def _check(*args):
    return invoke(["check", "--no-config", *[str(a) for a in args]])


def test_sarif_for_several_plans_is_one_valid_log_with_an_artifact_per_plan(plans):
    result = _check(*plans, "-f", "sarif")
    log = json.loads(result.stdout)  # two logs back to back would not parse
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(log)] == []
    (run,) = log["runs"]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert len(uris) == 3 and len(set(uris)) == 3
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["index"] for r in run["results"]} == {0, 1, 2}
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uris[loc["index"]] == loc["uri"]
    assert [p["artifactIndex"] for p in run["properties"]["plans"]] == [0, 1, 2]


def test_junit_for_several_plans_is_one_testsuites(plans):
    root = ET.fromstring(_check(*plans, "-f", "junit").stdout)
    assert root.tag == "testsuites" and len(root.findall("testsuite")) == 3
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root.findall("testsuite"))


@pytest.mark.parametrize("count", [1, 3])
def test_json_has_one_shape_whatever_the_count(plans, count):
    data = json.loads(_check(*plans[:count], "-f", "json").stdout)
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []
    assert isinstance(data, dict) and len(data["reports"]) == count and data["unreadable"] == []


def test_json_names_the_plans_it_could_not_read(plans, tmp_path):
    result = _check(plans[0], tmp_path / "gone.md", "-f", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert len(data["reports"]) == 1 and data["unreadable"][0]["reason"] == "not-found"


class _Count(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_html_and_markdown_are_one_page_with_a_part_per_plan(plans):
    page = _check(*plans, "-f", "html").stdout
    parser = _Count()
    parser.feed(page)
    assert parser.tags.count("html") == 1 and parser.tags.count("body") == 1
    assert page.count('<article class="plan"') == 3
    md = _check(*plans, "-f", "markdown").stdout
    assert md.startswith("# jfp: 3 plans") and md.count("## jfp: plan.md") == 2 and "## jfp: east.md" in md


def test_one_output_file_holds_every_plan(plans, tmp_path):
    out = tmp_path / "jfp.sarif"
    result = _check(*plans, "--output", out, "--output", tmp_path / "jfp.xml")
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jfp.sarif", "jfp.xml"]  # no plan-jfp.sarif
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    assert len(run["artifacts"]) == 3  # north/plan.md and south/plan.md both kept


def test_an_output_named_twice_or_naming_a_plan_is_a_usage_error(plans, tmp_path):
    twice = _check(plans[0], "--output", tmp_path / "r.json", "--output", tmp_path / "." / "r.json")
    assert twice.exit_code == 2 and "twice" in twice.stderr and not (tmp_path / "r.json").exists()
    before = plans[2].read_bytes()
    onto = _check(plans[0], plans[2], "--output", plans[2])
    assert onto.exit_code == 2 and "is the input" in onto.stderr
    assert plans[2].read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "table", "sarif"])
def test_quiet_never_changes_the_report(plans, fmt, tmp_path):
    loud, quiet = _check(plans[0], "-f", fmt), _check(plans[0], "-f", fmt, "-q")
    assert quiet.exit_code == loud.exit_code
    assert quiet.stdout == loud.stdout
    if fmt == "json":
        json.loads(quiet.stdout)


def test_quiet_drops_warnings_but_not_errors(plans, tmp_path):
    toml = tmp_path / "jfp.toml"
    toml.write_text('[[waivers]]\nid = "no-such-requirement"\nreason = "typo"\n', encoding="utf-8")
    loud = invoke(["check", "--config", str(toml), str(plans[0]), str(tmp_path / "gone.md")])
    quiet = invoke(["check", "--config", str(toml), str(plans[0]), str(tmp_path / "gone.md"), "-q"])
    assert "jfp: warning:" in loud.stderr and "jfp: warning:" not in quiet.stderr
    assert "gone.md" in quiet.stderr and quiet.exit_code == 3
    assert quiet.stdout == loud.stdout


def test_sarif_points_at_the_evidence_line_of_a_markdown_plan(plans):
    """Issue 13.6: alerts on Markdown and text plans carry real line numbers, not line 1."""
    log = json.loads(_check(plans[0], "-f", "sarif").stdout)
    source = plans[0].read_text(encoding="utf-8").splitlines()
    lines = [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["properties"].get("evidence"))
             for r in log["runs"][0]["results"]]
    placed = [(n, ev) for n, ev in lines if ev]
    assert placed, "the thin plan has partial requirements with evidence"
    for n, ev in placed:
        assert n > 1 and source[n - 1].startswith(ev[:30]), (n, ev)
    data = json.loads(_check(plans[0], "-f", "json").stdout)
    quotes = [e for r in data["results"] for e in r["evidence"]]
    assert quotes and all(source[e["line"] - 1].startswith(e["text"][:30]) for e in quotes)


def test_no_plan_read_prints_nothing_but_still_writes_the_output_file(tmp_path):
    out = tmp_path / "jfp.sarif"
    result = _check(tmp_path / "gone.md", "-f", "json", "--output", out)
    assert result.exit_code == 3 and result.stdout == ""
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error"
