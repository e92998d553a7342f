"""Tests for `jfp rules docs` and that the committed docs/rules/ pages match the rule files."""
from __future__ import annotations

from pathlib import Path

import yaml
from clirun import invoke


REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "rules"
STALE = "docs/rules/ is out of date with the rule files; run `jfp rules docs` and commit the result"



def _generate(out: Path, *extra: str) -> dict[str, str]:
    result = invoke(["rules", "docs", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.md"))}


def test_committed_rule_docs_are_up_to_date(tmp_path):
    fresh = _generate(tmp_path / "rules")
    committed = {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))}
    assert sorted(committed) == sorted(fresh), STALE
    changed = [name for name in fresh if committed[name] != fresh[name]]
    assert not changed, f"{STALE} (changed: {', '.join(changed)})"


def test_docs_write_one_page_per_rule_and_an_index(tmp_path):
    pages = _generate(tmp_path / "out")
    list_result = invoke(["rules", "list"])
    ids = [line.split()[1] for line in list_result.stdout.splitlines()[1:]]
    assert sorted(pages) == sorted([f"{rid}.md" for rid in ids] + ["index.md", "vocabulary.md"])
    index = pages["index.md"]
    assert "(vocabulary.md)" in index
    assert "## own_subjects" in pages["vocabulary.md"] and "- finds: " in pages["vocabulary.md"]
    for rid in ids:
        assert f"({rid}.md)" in index
    rows = [line for line in index.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(ids)
    assert rows[0].startswith("| S01 | `integration` | statutory |")


def test_show_prints_the_same_text_as_the_page(tmp_path):
    result = invoke(["rules", "show", "S13"])
    assert result.exit_code == 0
    assert result.stdout == (DOCS / "research.md").read_text(encoding="utf-8")
    assert result.stdout == _generate(tmp_path / "out")["research.md"]


def test_show_by_alias_and_unknown(tmp_path):
    assert invoke(["rules", "show", "research-duty"]).stdout.startswith("# S13 ")
    missing = invoke(["rules", "show", "no-such-rule"])
    assert missing.exit_code == 2
    assert "no-such-rule" in missing.stderr


def test_page_describes_each_element_and_example():
    page = (DOCS / "research.md").read_text(encoding="utf-8")
    rule = yaml.safe_load((REPO / "rules" / "jfp-2024-25" / "research.yaml").read_text(encoding="utf-8"))
    for element in rule["elements"]:
        assert f"**{element['id']}**" in page
    for example in rule["examples"]:
        assert example["text"] in page


def test_docs_for_a_custom_pack(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: local\ntitle: Local | pack\nversion: '1'\n", encoding="utf-8")
    (pack / "local-rule.yaml").write_text(yaml.safe_dump({
        "id": "local-rule", "code": "L01", "kind": "recommended", "title": "A | piped title", "basis": "b",
        "summary": "s", "guidance": "First paragraph.\n\nSecond paragraph.",
        "elements": [{"id": "e", "title": "E", "patterns": [{"kind": "phrase", "any": ["x"], "in_heading": ["care"]}]}],
    }), encoding="utf-8")
    pages = _generate(tmp_path / "out", "--rules", str(pack))
    assert sorted(pages) == ["index.md", "local-rule.md"]
    assert "A \\| piped title" in pages["index.md"]  # a pipe in a title must not split the table row
    assert "> First paragraph.\n>\n> Second paragraph." in pages["local-rule.md"]
    assert '"care"' in pages["local-rule.md"]


def test_docs_bad_pack_is_a_usage_error(tmp_path):
    result = invoke(["rules", "docs", "--out", str(tmp_path), "--rules", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert not list(tmp_path.glob("*.md"))
