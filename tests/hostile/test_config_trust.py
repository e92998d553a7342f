"""Whose config applies: the person running jfp's, never a submitted file's (issue 12.1, 13.3, 12.5).

A ``jfp.toml`` shipped beside a plan, or inside a batch's input folder, must not waive its
gaps; one run reads one config (``--config``, or found upward from the working directory)
whatever its files and their order, the same in ``check`` and ``batch``; a config's outputs
stay inside its own folder; every report names the config; no output replaces an input.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import invoke
from enginedata import write_markdown_plan

# Waives everything and switches the gate off: what a hostile submitter would ship.
HOSTILE = 'fail_on = "none"\noutputs = ["{absolute}", "../../escaped.html"]\n'
STRICT = 'fail_on = "statutory"\n'
TITLE = "Harrowfield Joint Forward Plan 2025/26 to 2029/30"


def _plan(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_markdown_plan(path, TITLE, [
        ("Research", ["We will double the number of people taking part in NIHR studies to 6,000 a year by 2027."]),
    ])


@pytest.fixture()
def reviewer(tmp_path, monkeypatch) -> Path:
    """A reviewer's working folder holding submissions; jfp runs there (no config of the reviewer's own)."""
    home = tmp_path / "reviewer"
    home.mkdir()
    monkeypatch.chdir(home)
    return home


def _json(*args) -> tuple[int, dict | list]:
    result = invoke(["check", *map(str, args), "--format", "json"])
    data = json.loads(result.stdout)
    # One plan: its report; several: their reports (one JSON object either way, report-contract.md).
    return result.exit_code, (data if "results" in data else data["reports"])


def test_a_config_beside_a_submitted_plan_is_never_read(reviewer):
    plan = _plan(reviewer / "submissions" / "north" / "plan.md")
    absolute = reviewer.parent / "root.html"
    (plan.parent / "jfp.toml").write_text(HOSTILE.format(absolute=absolute), encoding="utf-8")
    code, report = _json(plan)
    assert code == 1  # the thin plan fails the default gate: the shipped config did not switch it off
    assert report["config"] is None
    assert not absolute.exists() and not (reviewer.parent / "escaped.html").exists()


def test_the_verdict_does_not_depend_on_argument_order(reviewer):
    north = _plan(reviewer / "north" / "p.md")
    south = _plan(reviewer / "south" / "p.md")
    (north.parent / "jfp.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    (south.parent / "jfp.toml").write_text(STRICT, encoding="utf-8")
    forward = invoke(["check", north, south, "-q"])
    backward = invoke(["check", south, north, "-q"])
    assert forward.exit_code == backward.exit_code == 1
    # With the reviewer's own config, both orders read it and only it.
    (reviewer / "jfp.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    assert invoke(["check", north, south, "-q"]).exit_code == invoke(["check", south, north, "-q"]).exit_code == 0
    code, reports = _json(south, north)
    assert {r["config"] for r in reports} == {str(reviewer / "jfp.toml")}


def test_the_config_is_found_upward_from_the_working_directory(reviewer, monkeypatch):
    (reviewer / "jfp.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    plan = _plan(reviewer.parent / "elsewhere" / "plan.md")  # outside the reviewer's tree: still their config
    (reviewer / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(reviewer / "deep" / "er")
    code, report = _json(plan)
    assert code == 0 and report["config"] == str(reviewer / "jfp.toml")


def test_every_report_names_the_config(reviewer):
    config = reviewer / "jfp.toml"
    config.write_text('fail_on = "none"\n', encoding="utf-8")
    plan = _plan(reviewer / "plan.md")
    table = invoke(["check", plan])
    assert any(line.startswith("Config") and str(config) in line for line in table.stdout.splitlines())
    html = invoke(["check", plan, "--format", "html"]).stdout
    header = html[html.index("<header"):html.index("</header>")]
    assert str(config) in header
    code, named = _json(plan, "--config", "jfp.toml")  # named relative to the working directory: shown in full
    assert named["config"] == str(config)
    none = invoke(["check", plan, "--no-config"])
    assert any(line.startswith("Config") and "none" in line for line in none.stdout.splitlines())


@pytest.mark.parametrize("output", ["{absolute}", "../escaped.html", "sub/../../escaped.html", ""])
def test_config_outputs_must_stay_in_the_config_folder(reviewer, output):
    absolute = reviewer / "absolute.html"
    output = output.format(absolute=absolute)
    config = reviewer / "project" / "jfp.toml"
    config.parent.mkdir()
    config.write_text(f'outputs = ["{output}"]\n', encoding="utf-8")
    result = invoke(["check", _plan(reviewer / "plan.md"), "--config", config])
    assert result.exit_code == 2, result.output
    assert str(config) in result.stderr and len(result.stderr.splitlines()) == 1
    assert not absolute.exists() and not (reviewer / "escaped.html").exists()


def test_config_outputs_through_a_link_out_of_the_folder_are_refused(reviewer, tmp_path):
    project = reviewer / "project"
    project.mkdir()
    (project / "out").symlink_to(tmp_path)
    (project / "jfp.toml").write_text('outputs = ["out/r.json"]\n', encoding="utf-8")
    result = invoke(["check", _plan(reviewer / "plan.md"), "--config", project / "jfp.toml"])
    assert result.exit_code == 2 and "leaves" in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_config_outputs_resolve_in_the_config_folder_not_the_working_directory(reviewer, monkeypatch):
    (reviewer / "jfp.toml").write_text('fail_on = "none"\noutputs = ["reports/r.json"]\n', encoding="utf-8")
    (reviewer / "reports").mkdir()
    (reviewer / "sub").mkdir()
    plan = _plan(reviewer / "plan.md")
    monkeypatch.chdir(reviewer / "sub")
    assert invoke(["check", plan, "-q"]).exit_code == 0
    assert json.loads((reviewer / "reports" / "r.json").read_text())["config"] == str(reviewer / "jfp.toml")
    assert not (reviewer / "sub" / "reports").exists()


# --------------------------------------------------------------------------- batch: the same rule


@pytest.fixture()
def fake_batch(monkeypatch):
    import functools

    import jfp.batch.command as command
    from jfp.batch.runner import PackId, run_batch

    monkeypatch.setattr(command, "run_batch", functools.partial(run_batch, check="batch_fake:check",
                                                                pack=PackId("fake-pack", "1", "Fake pack")))

    def run(*args):
        return invoke(["batch", *map(str, args), "-q"])

    return run


def _fake_plan(path: Path, statuses: str = "S01=partial") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Heron plan\n\n{statuses}\n", encoding="utf-8")
    return path


def test_batch_never_reads_a_config_from_inside_its_input_tree(reviewer, fake_batch):
    _fake_plan(reviewer / "in" / "north" / "heron.md")
    (reviewer / "in" / "north" / "jfp.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    assert fake_batch(reviewer / "in", "--out", reviewer / "out").exit_code == 1  # the gate still applies


def test_batch_refuses_a_config_found_inside_an_input_folder(reviewer, fake_batch, monkeypatch):
    inbox = reviewer / "in"
    _fake_plan(inbox / "heron.md")
    (inbox / "jfp.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    monkeypatch.chdir(inbox)
    result = fake_batch(".", "--out", reviewer / "out")
    assert result.exit_code == 2 and "inside the input folder" in result.stderr
    assert fake_batch("*.md", "--out", reviewer / "out").exit_code == 2  # a glob's folder is an input folder too
    assert fake_batch(".", "--out", reviewer / "out", "--config", "jfp.toml").exit_code == 0  # named: used


def test_check_and_batch_read_the_same_config_and_the_same_flags(reviewer, fake_batch):
    (reviewer / "jfp.toml").write_text('fail_on = "none"\nformat = "markdown"\n', encoding="utf-8")
    plan = _fake_plan(reviewer / "plans" / "heron.md")
    out = reviewer / "out"
    result = fake_batch(reviewer / "plans", "--out", out, "--max-memory", "1024")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert any(name.endswith(".md") for name in (out / "reports").iterdir() for name in [name.name])
    assert summary
    old = fake_batch(reviewer / "plans", "--out", reviewer / "out2", "--memory-limit", "1024")
    assert old.exit_code == 0 and "--memory-limit is deprecated" in old.stderr
    check = invoke(["check", plan, "--memory-limit", "1024", "--fail-on", "none"])
    assert "--memory-limit is deprecated" in check.stderr and check.exit_code == 0
    assert "# " in check.stdout.splitlines()[0]  # the config's format (markdown) is check's format too


# --------------------------------------------------------------------------- an output never replaces an input


@pytest.mark.parametrize("spelling", ["plan.md", "./sub/../plan.md", "link.md"])
def test_check_refuses_an_output_that_is_an_input(reviewer, spelling):
    plan = _plan(reviewer / "plan.md")
    (reviewer / "sub").mkdir()
    (reviewer / "link.md").symlink_to(plan)
    before = plan.read_bytes()
    result = invoke(["check", plan, "--no-config", "--output", spelling])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1 and "input" in result.stderr
    assert plan.read_bytes() == before


def test_check_refuses_a_config_output_that_is_an_input(reviewer):
    plan = _plan(reviewer / "plan.md")
    before = plan.read_bytes()
    (reviewer / "jfp.toml").write_text('outputs = ["plan.md"]\n', encoding="utf-8")
    result = invoke(["check", plan])
    assert result.exit_code == 2 and plan.read_bytes() == before


def test_batch_refuses_an_output_folder_that_is_an_input(reviewer, fake_batch):
    plans = reviewer / "plans"
    _fake_plan(plans / "heron.md")
    result = fake_batch(plans, "--out", "plans/../plans", "--no-config")
    assert result.exit_code == 2 and "input" in result.stderr
    assert not (plans / "summary.html").exists()
