"""The Python API (issue 13, item 8): ``jfp.check`` returns the Report model, errors are
the documented exceptions, and docs/api.md's example runs as written."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import jfp
from jfp.models import Report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "harrowfield-gaps.docx"


def test_the_documented_example_runs(monkeypatch):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", text, re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(example, "docs/api.md", "exec"), {})


def test_check_returns_the_report_the_command_prints():
    from clirun import invoke
    import json

    report = jfp.check(SAMPLE, hwbs="Harrowfield Health and Wellbeing Board")
    assert isinstance(report, Report)
    cli = json.loads(invoke(["check", "--no-config", str(SAMPLE), "-f", "json",
                             "--hwb", "Harrowfield Health and Wellbeing Board"]).stdout)
    from jfp.report.json import render

    assert json.loads(render(report)) == {k: v for k, v in cli.items() if k not in ("reports", "unreadable")}


@pytest.mark.parametrize("kwargs,named", [
    ({"fail_on": "sometimes"}, "fail_on"), ({"fail_under": 150}, "fail_under"), ({"plan_year": "2025"}, "plan_year"),
    ({"waivers": [{"id": "research"}]}, "reason"), ({"rules": "no-such-pack"}, "no-such-pack"),
    ({"timeout_seconds": -1}, "timeout_seconds"), ({"hwbs": 3}, "hwbs"),
])
def test_bad_arguments_are_usage_errors_naming_them(kwargs, named):
    with pytest.raises(jfp.UsageError) as info:
        jfp.check(SAMPLE, **kwargs)
    assert named in str(info.value) and info.value.exit_code == 2


def test_unreadable_plans_are_document_errors(tmp_path):
    bad = tmp_path / "plan.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(jfp.DocumentError) as info:
        jfp.check(bad)
    assert info.value.path == str(bad) and info.value.reason and info.value.exit_code == 3
    assert issubclass(jfp.DocumentError, jfp.JfpError) and issubclass(jfp.UsageError, jfp.JfpError)


def test_importing_jfp_stays_light():
    code = "import sys, jfp; print(jfp.__version__, 'pydantic' in sys.modules, 'jfp.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [jfp.__version__, "False", "False"]
