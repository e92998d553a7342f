"""Tests for the CI integration files: action.yml, .pre-commit-hooks.yaml and docs/ci.md.

Their jfp command lines may use only the documented ``jfp check`` options, so a renamed
option cannot silently break users' pipelines.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = {"--format", "--output", "--fail-on", "--fail-under", "--rules", "--hwb", "--config",
              "--quiet", "--verbose", "--baseline", "--exclude"}
FAIL_ON = {"statutory", "process", "any", "none"}


def _check_command(argv: list[str]) -> None:
    assert argv[:2] == ["jfp", "check"], argv
    options = [a.split("=", 1)[0] for a in argv[2:] if a.startswith("-")]
    assert set(options) <= DOCUMENTED, set(options) - DOCUMENTED
    for i, arg in enumerate(argv):
        if arg == "--fail-on":
            assert argv[i + 1] in FAIL_ON


def _jfp_lines(text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"\bjfp check[^\n]*", text)]


@pytest.fixture(scope="module")
def action():
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_with_the_documented_inputs(action):
    assert action["runs"]["using"] == "composite"
    assert {"paths", "args", "sarif-file"} <= set(action["inputs"])
    assert action["inputs"]["paths"]["required"] is True
    uses = [s.get("uses", "") for s in action["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert all(s.get("shell") == "bash" for s in action["runs"]["steps"] if "run" in s)


def test_action_runs_its_python_step(action):
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    assert check["run"].strip() == "python -m jfp.cli_action"
    assert {"JFP_PATHS", "JFP_EXCLUDE", "JFP_ARGS", "JFP_SARIF", "JFP_CATEGORY"} <= set(check["env"])
    upload = next(s for s in action["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action"))
    assert upload["with"]["category"] == "${{ steps.check.outputs.category }}"
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"


def test_action_never_pastes_inputs_into_scripts(action):
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]


def test_action_uploads_even_when_the_gate_fails(action):
    upload = next(s for s in action["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action"))
    assert "always()" in upload["if"]


def test_pre_commit_hook():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "jfp" and hook["language"] == "python"
    _check_command(shlex.split(hook["entry"]) + hook.get("args", []))
    pattern = re.compile(hook["files"])
    assert pattern.search("plans/a.docx") and pattern.search("b.pdf") and pattern.search("c.md")
    assert not pattern.search("d.doc") and not pattern.search("e.docx.bak")
    skip = re.compile(hook["exclude"])
    for name in ("README.md", "docs/readme.md", "CHANGELOG.md", "LICENSE.txt", "CONTRIBUTING.md", "plans/HISTORY.md"):
        assert skip.search(name), name
    for name in ("plans/plan.md", "plans/readmission-plan.docx", "plans/support-plan.pdf", "news-2025.md"):
        assert not skip.search(name), name


def test_docs_command_lines_use_documented_options():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    lines = _jfp_lines(text)
    assert len(lines) >= 3
    for line in lines:
        line = line.split("`")[0]  # inline code ends at the backtick
        _check_command(shlex.split(line))
    for level in FAIL_ON:
        assert f"`{level}`" in text
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in text
