"""The package people install (issue 13, items 1 and 9): a distribution name that is not
someone else's, one place for the project's address, and only dependencies jfp imports."""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import jfp

ROOT = Path(__file__).resolve().parent.parent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# distribution name -> the module it provides
_MODULE = {"pydantic": "pydantic", "lxml": "lxml", "pypdfium2": "pypdfium2_raw", "rapidfuzz": "rapidfuzz",
           "rich": "rich", "PyYAML": "yaml", "tomli": "tomli", "python-docx": "docx", "pdfplumber": "pdfplumber"}


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)


def test_the_distribution_is_not_the_index_s_jfp_but_the_command_is_jfp():
    project = PYPROJECT["project"]
    assert project["name"] == jfp.DISTRIBUTION == "jfp-nhs"
    assert project["scripts"] == {"jfp": "jfp.__main__:main"}
    assert project["urls"]["Homepage"] == jfp.PROJECT_URL


def _imported_top_modules() -> set[str]:
    found = set()
    for path in (ROOT / "src" / "jfp").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_every_runtime_dependency_is_imported_by_jfp():
    imported = _imported_top_modules()
    names = [_name(r) for r in PYPROJECT["project"]["dependencies"]]
    # python-docx may come back as a runtime dependency only with code in src/ that imports it
    unused = [n for n in names if _MODULE.get(n, n) not in imported]
    assert unused == [], f"required but imported nowhere in src/: {unused}"


def test_architecture_says_what_each_dependency_is_for():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in (_name(r) for r in PYPROJECT["project"]["dependencies"]):
        assert re.search(rf"^\| {re.escape(name)}\b", text, re.M), f"no row for {name} in docs/architecture.md"


def test_nothing_points_at_the_other_jfp_or_at_tags_that_do_not_exist():
    files = [ROOT / "README.md", ROOT / "action.yml", ROOT / ".pre-commit-hooks.yaml", ROOT / "pyproject.toml",
             *(ROOT / "docs").glob("*.md"), ROOT / "docs" / "report.schema.json", *(ROOT / "src").rglob("*.py")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "pypi.org/project/jfp/" not in text, path
        assert not re.search(r"pip install (-U )?jfp(\s|$|`)", text), path  # that installs the Jar file patcher
        assert not re.search(r"jfp@v\d|rev: v\d", text), path  # no release tags exist yet


def test_every_report_names_the_project_not_the_index_page():
    from jfp.config import starter_config

    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"].startswith(jfp.PROJECT_URL.replace("github.com", "raw.githubusercontent.com"))
    assert jfp.PROJECT_URL in starter_config().splitlines()[0]
    from jfp.report import sarif

    assert sarif.INFORMATION_URI == jfp.PROJECT_URL
