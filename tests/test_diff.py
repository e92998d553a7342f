"""``jfp diff`` and ``jfp check --baseline`` (issue 13, item 7): two drafts compared, and a
gate that fails only on gaps the baseline did not have."""
from __future__ import annotations

import json

import pytest
from clirun import invoke
from enginedata import write_markdown_plan

RESEARCH = "We will double the number of people taking part in NIHR studies to 6,000 a year by 2027."
CLIMATE = ("Our Green Plan commits us to net zero for the emissions we control by 2040: we will cut the carbon "
           "emissions of our estate by 40% by 2028, led by the ICB's director of estates.")
TITLE = "Kestrel Joint Forward Plan 2025/26 to 2029/30"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    d = tmp_path_factory.mktemp("drafts")
    old = write_markdown_plan(d / "v1.md", TITLE, [("Research", [RESEARCH]), ("Climate change", [CLIMATE])])
    worse = write_markdown_plan(d / "v2.md", TITLE, [("Research", [RESEARCH])])
    same = write_markdown_plan(d / "v3.md", TITLE, [("Research", [RESEARCH]), ("Climate change", [CLIMATE])])
    saved = d / "v1.json"
    result = invoke(["check", "--no-config", str(old), "-f", "json", "--output", str(saved)])
    assert result.exit_code == 1  # a thin plan: statutory gaps
    return old, worse, same, saved


def _json(*args):
    result = invoke(["diff", "--no-config", *map(str, args), "-f", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_a_draft_that_lost_a_passage_is_worse_and_says_which_evidence_went(drafts):
    old, worse, _, _ = drafts
    code, d = _json(old, worse)
    assert code == 1
    s15 = next(c for c in d["worse"] if c["code"] == "S15")
    assert s15["from"] == "met" and s15["to"] == "missing" and s15["elements_lost"]
    gone = {g["code"]: g["quotes"] for g in d["evidence_gone"]}
    assert "S15" in gone and gone["S15"][0]["text"].startswith("Our Green Plan")
    assert d["score_change"] < 0 and d["better"] == []


def test_the_other_way_round_is_better_and_exits_0(drafts):
    old, worse, _, _ = drafts
    code, d = _json(worse, old)
    assert code == 0 and "S15" in [c["code"] for c in d["better"]] and d["worse"] == []


def test_saved_json_reports_compare_like_plans(drafts):
    old, worse, _, saved = drafts
    assert _json(saved, worse)[1]["worse"] == _json(old, worse)[1]["worse"]


def test_text_and_markdown(drafts):
    old, worse, _, _ = drafts
    text = invoke(["diff", "--no-config", str(old), str(worse)]).stdout
    assert text.startswith("jfp diff: ") and "Worse (" in text and "S15 climate-change: met -> missing" in text
    assert "Evidence no longer in the plan" in text
    md = invoke(["diff", "--no-config", str(old), str(worse), "-f", "markdown"]).stdout
    assert md.startswith("## jfp diff:") and "### Worse (" in md and "| S15 |" in md


def test_diff_refuses_a_report_of_several_plans(drafts, tmp_path):
    old, worse, _, _ = drafts
    many = tmp_path / "many.json"
    invoke(["check", "--no-config", str(old), str(worse), "--output", str(many)])
    result = invoke(["diff", str(many), str(worse)])
    assert result.exit_code == 2 and "2 reports" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = invoke(["diff", str(bad), str(worse)])
    assert result.exit_code == 2 and "not a jfp JSON report" in result.stderr and "Traceback" not in result.stderr


def test_baseline_fails_the_gate_only_on_new_gaps(drafts):
    _, worse, same, saved = drafts
    plain = invoke(["check", "--no-config", str(same), "-f", "json"])
    assert plain.exit_code == 1  # the known gaps fail without a baseline
    known = invoke(["check", "--no-config", str(same), "--baseline", str(saved), "-f", "json"])
    assert known.exit_code == 0, known.stderr
    report = json.loads(known.stdout)
    waived = [r for r in report["results"] if r["waived"]]
    assert waived and all("baseline" in r["waiver_reason"] for r in waived)
    assert all(r["status"] != "met" for r in waived)  # the gaps are still reported
    new_gap = invoke(["check", "--no-config", str(worse), "--baseline", str(saved), "-f", "json"])
    assert new_gap.exit_code == 1
    assert json.loads(new_gap.stdout)["gate"]["reasons"] == ["missing statutory: S15 climate-change"]
    # with the default gate only statutory gaps fail, so P04 (process) going missing does not


def test_a_bad_baseline_is_a_usage_error(drafts, tmp_path):
    result = invoke(["check", "--no-config", str(drafts[2]), "--baseline", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "none.json" in result.stderr
