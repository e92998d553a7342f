"""The GitHub Action's step (jfp.cli_action) and plan selection (issue 13, item 5):
args split safely, paths with spaces kept, globs expanded, one SARIF per use with its own
category, and READMEs, changelogs and licences never taken for plans."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import invoke
from enginedata import write_markdown_plan

from jfp.batch.discover import discover, excluded
from jfp.cli_action import default_category, run

RESEARCH = ["We will double the number of people taking part in NIHR studies to 6,000 a year by 2027."]


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my plans").mkdir()
    write_markdown_plan(tmp_path / "my plans" / "north plan.md", "North Joint Forward Plan 2025/26", [("Research", RESEARCH)])
    write_markdown_plan(tmp_path / "my plans" / "south.md", "South Joint Forward Plan 2025/26", [("Research", RESEARCH)])
    (tmp_path / "my plans" / "README.md").write_text("Plans folder.\n", encoding="utf-8")
    (tmp_path / "my plans" / "CHANGELOG.md").write_text("- v2\n", encoding="utf-8")
    return tmp_path


def _env(tmp_path, **values):
    return {"GITHUB_OUTPUT": str(tmp_path / "out.txt"), **values}


def _outputs(tmp_path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines())


def test_an_unbalanced_quote_is_one_error_line_and_exit_2(repo, capsys):
    code = run(_env(repo, JFP_PATHS="my plans/south.md", JFP_ARGS="--hwb 'Kestrel HWB"))
    out = capsys.readouterr()
    assert code == 2 and "Traceback" not in out.out + out.err
    assert out.out.startswith("::error") and "args" in out.out and out.out.count("\n") == 1
    assert _outputs(repo)["exit-code"] == "2"


def test_a_path_with_a_space_and_a_glob_make_one_sarif_with_every_plan(repo):
    env = _env(repo, JFP_PATHS="my plans/north plan.md\nmy plans/*.md", JFP_ARGS='--hwb "Kestrel Health and Wellbeing Board"')
    assert run(env) == 0
    outputs = _outputs(repo)
    assert outputs["exit-code"] == "1" and outputs["sarif-file"] == "jfp.sarif"
    run_ = json.loads((repo / "jfp.sarif").read_text(encoding="utf-8"))["runs"][0]
    uris = sorted(a["location"]["uri"] for a in run_["artifacts"])
    assert uris == ["my%20plans/north%20plan.md", "my%20plans/south.md"]  # no README, no CHANGELOG


def test_each_set_of_paths_gets_its_own_category(repo):
    run(_env(repo, JFP_PATHS="my plans/south.md"))
    first = _outputs(repo)["category"]
    (repo / "out.txt").unlink()
    run(_env(repo, JFP_PATHS="my plans/north plan.md"))
    second = _outputs(repo)["category"]
    assert first != second and first.startswith("jfp/") and first == default_category(["my plans/south.md"])
    (repo / "out.txt").unlink()
    run(_env(repo, JFP_PATHS="my plans/south.md", JFP_CATEGORY="jfp-south"))
    assert _outputs(repo)["category"] == "jfp-south"


def test_exclude_input_and_missing_paths(repo, capsys):
    assert run(_env(repo, JFP_PATHS="my plans", JFP_EXCLUDE="*north*")) == 0
    run_ = json.loads((repo / "jfp.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert [a["location"]["uri"] for a in run_["artifacts"]] == ["my%20plans/south.md"]
    (repo / "out.txt").unlink()
    assert run(_env(repo, JFP_PATHS="my plans/nope.md")) == 2
    assert "nope.md not found" in capsys.readouterr().out


def test_batch_discovery_leaves_out_repository_files(repo):
    found = [p.name for p in discover(["my plans"])]
    assert found == ["north plan.md", "south.md"]
    assert [p.name for p in discover(["my plans/*.md"])] == ["north plan.md", "south.md"]
    # a file named explicitly is checked as asked, unless --exclude says otherwise
    assert [p.name for p in discover(["my plans/README.md"])] == ["README.md"]
    assert discover(["my plans/README.md"], patterns=["README*"]) == []
    assert [p.name for p in discover(["my plans"], patterns=["my plans/north*"])] == ["south.md"]


@pytest.mark.parametrize("name,skip", [("README.md", True), ("readme.en.md", True), ("LICENSE.txt", True),
                                       ("CONTRIBUTING.md", True), ("support-plan.docx", False),
                                       ("news-2025.pdf", False), ("plan.md", False)])
def test_not_plans_by_name(tmp_path, name, skip):
    (tmp_path / name).write_text("x", encoding="utf-8")
    assert (discover([tmp_path]) == []) is skip


def test_exclude_patterns_match_names_and_path_tails():
    assert excluded("plans/drafts/old.pdf", ["drafts/*"]) and excluded("plans/drafts/old.pdf", ["**/drafts/*.PDF"])
    assert excluded("a/README.md", ["readme*"]) and not excluded("a/plan.md", ["drafts/*"])


def test_batch_cli_exclude_and_check_exclude(repo):
    result = invoke(["batch", "--no-config", "my plans", "--exclude", "south*", "--out", "out", "--quiet"])
    assert result.exit_code in (0, 1), result.output
    rows = json.loads((repo / "out" / "summary.json").read_text(encoding="utf-8"))["documents"]
    assert [Path(r["file"]).name for r in rows] == ["north plan.md"]
    check = invoke(["check", "--no-config", "my plans/README.md", "my plans/south.md", "--exclude", "README*", "-f", "json"])
    assert check.exit_code in (0, 1) and len(json.loads(check.stdout)["reports"]) == 1
    none_left = invoke(["check", "--no-config", "my plans/README.md", "--exclude", "README*"])
    assert none_left.exit_code == 2 and "--exclude" in none_left.stderr
