"""Tests for loading, merging and validating rule packs (jfp.engine.loader, `jfp rules list --rules`)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from clirun import invoke

from jfp.engine.loader import available_packs, check_regex, load_pack
from jfp.errors import UsageError

# The catalogue of /work/shared/reference/requirements.md, in its order: (code, id, kind).
CATALOGUE = [
    ("S01", "integration", "statutory"),
    ("S02", "health-services", "statutory"),
    ("S03", "wider-effects", "statutory"),
    ("S04", "jlhws", "statutory"),
    ("S05", "financial-duties", "statutory"),
    ("S06", "quality", "statutory"),
    ("S07", "inequalities", "statutory"),
    ("S08", "patient-involvement", "statutory"),
    ("S09", "public-involvement", "statutory"),
    ("S10", "patient-choice", "statutory"),
    ("S11", "advice", "statutory"),
    ("S12", "innovation", "statutory"),
    ("S13", "research", "statutory"),
    ("S14", "education-training", "statutory"),
    ("S15", "climate-change", "statutory"),
    ("S16", "abuse-victims", "statutory"),
    ("S17", "children-young-people", "statutory"),
    ("P01", "consultation-summary", "process"),
    ("P02", "hwb-opinion", "process"),
    ("P03", "equality-duty", "process"),
    ("P04", "five-year-horizon", "process"),
    ("P05", "delivery-focus", "process"),
    ("R01", "workforce", "recommended"),
    ("R02", "performance", "recommended"),
    ("R03", "digital-data", "recommended"),
    ("R04", "estates", "recommended"),
    ("R05", "procurement", "recommended"),
    ("R06", "population-health", "recommended"),
    ("R07", "system-development", "recommended"),
    ("R08", "social-economic", "recommended"),
]



def _rule(rid: str, code: str, **overrides) -> dict:
    data = {
        "id": rid, "code": code, "kind": "recommended", "title": f"Rule {rid}", "basis": "test",
        "summary": "A test rule.", "guidance": "Plans should say something.",
        "elements": [{"id": "main", "title": "Main", "patterns": [{"kind": "phrase", "any": [rid.replace("-", " ")]}]}],
    }
    data.update(overrides)
    return data


def _pack_dir(root: Path, meta: dict, rules: dict[str, object]) -> Path:
    """A pack directory: pack.yaml plus one file per rule (file stem -> YAML data or raw text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for stem, data in rules.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        (root / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return root


def _meta(pid: str = "local", **extra) -> dict:
    return {"id": pid, "title": "Local pack", "version": "1", **extra}


# --- the shipped pack --------------------------------------------------------------------


def test_shipped_pack_is_available():
    assert "jfp-2024-25" in available_packs()


def test_shipped_pack_has_the_catalogue_in_order():
    pack = load_pack()
    assert pack.id == "jfp-2024-25"
    assert [(r.code, r.id, r.kind.value) for r in pack.rules] == CATALOGUE


def test_default_pack_is_the_shipped_one():
    assert load_pack("jfp-2024-25").rules == load_pack().rules


@pytest.mark.parametrize("key", ["research", "S13", "s13", "research-duty", " S13 "])
def test_find_by_id_code_or_alias(key):
    rule = load_pack().find(key)
    assert rule is not None and rule.id == "research"


def test_find_unknown_is_none():
    assert load_pack().find("no-such-rule") is None


def test_rules_list_prints_every_rule():
    result = invoke(["rules", "list"])
    assert result.exit_code == 0
    for code, rid, kind in CATALOGUE:
        assert any(code in line and rid in line and kind in line for line in result.stdout.splitlines()), code


# --- custom packs ------------------------------------------------------------------------


def test_custom_pack_extends_overrides_adds_and_removes(tmp_path):
    base = load_pack()
    research = base.find("research").model_dump(mode="json", exclude_defaults=False)
    research["title"] = "Research, our way"
    root = _pack_dir(
        tmp_path / "local",
        _meta(extends="jfp-2024-25", remove=["estates"]),
        {"research": research, "local-priority": _rule("local-priority", "L01")},
    )
    pack = load_pack(str(root))
    ids = [r.id for r in pack.rules]
    assert "estates" not in ids
    assert pack.find("research").title == "Research, our way"
    assert pack.find("L01").id == "local-priority"
    assert len(ids) == len(base.rules)  # one removed, one added
    # Base order is kept; the override stays in place and the new rule comes last.
    assert ids.index("research") == [r.id for r in base.rules].index("research")
    assert ids[-1] == "local-priority"
    # Vocabularies, context and acronyms are inherited.
    assert pack.vocabulary == base.vocabulary
    assert pack.acronyms["JLHWS"] == base.acronyms["JLHWS"]


def test_custom_pack_order_key(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(order=["b-rule", "a-rule"]),
                     {"a-rule": _rule("a-rule", "A01"), "b-rule": _rule("b-rule", "B01")})
    assert [r.id for r in load_pack(str(root)).rules] == ["b-rule", "a-rule"]


def test_single_file_pack(tmp_path):
    path = tmp_path / "pack.yml"
    path.write_text(yaml.safe_dump({**_meta(), "rules": [_rule("alpha", "X01")]}), encoding="utf-8")
    assert [r.id for r in load_pack(str(path)).rules] == ["alpha"]


def test_custom_pack_through_the_cli(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(extends="jfp-2024-25"), {"local-priority": _rule("local-priority", "L01")})
    result = invoke(["rules", "list", "--rules", str(root)])
    assert result.exit_code == 0
    assert "L01" in result.stdout and "S13" in result.stdout


# --- errors ------------------------------------------------------------------------------


def _with_pattern(pattern: dict) -> dict:
    return _rule("alpha", "X01", elements=[{"id": "main", "title": "Main", "patterns": [pattern]}])


_BAD_RULES = {
    "unknown key": (_rule("alpha", "X01", sumary="typo"), ["alpha", "sumary"]),
    "unknown pattern key": (_with_pattern({"kind": "phrase", "any": ["x"], "within": 3}), ["alpha", "within"]),
    "bad kind": (_with_pattern({"kind": "phrasse", "any": ["x"]}), ["alpha", "phrasse"]),
    "missing field": ({k: v for k, v in _rule("alpha", "X01").items() if k != "summary"}, ["alpha", "summary"]),
    "invalid regex": (_with_pattern({"kind": "regex", "pattern": "(abc"}), ["alpha", "pattern", "(abc"]),
    "nested quantifier": (_with_pattern({"kind": "regex", "pattern": "(a+)+b"}), ["alpha", "pattern", "(a+)+b"]),
    "bad rule kind": (_rule("alpha", "X01", kind="mandatory"), ["alpha", "kind"]),
    "bad code": (_rule("alpha", "research"), ["alpha", "code"]),
}


def _expect_usage_error(ref: str, needles: list[str]) -> None:
    with pytest.raises(UsageError) as info:
        load_pack(ref)
    message = str(info.value)
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"
    result = invoke(["rules", "list", "--rules", ref])
    assert result.exit_code == 2
    for needle in needles:
        assert needle in result.stderr


@pytest.mark.parametrize("case", list(_BAD_RULES))
def test_invalid_rule_names_file_rule_and_key(tmp_path, case):
    data, needles = _BAD_RULES[case]
    root = _pack_dir(tmp_path / "p", _meta(), {"alpha": data})
    _expect_usage_error(str(root), [str(root / "alpha.yaml"), *needles])


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(), {"alpha": "id: alpha\ntitle: [unclosed\ncode: X01\n"})
    _expect_usage_error(str(root), [str(root / "alpha.yaml"), "line", "YAML"])


def test_rule_id_must_equal_file_name(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(), {"beta": _rule("alpha", "X01")})
    _expect_usage_error(str(root), [str(root / "beta.yaml"), "alpha", "beta"])


def test_duplicate_code(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(), {"alpha": _rule("alpha", "X01"), "beta": _rule("beta", "X01")})
    _expect_usage_error(str(root), [str(root / "pack.yaml"), "X01"])


def test_duplicate_code_with_the_base_pack(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(extends="jfp-2024-25"), {"mine": _rule("mine", "S13")})
    _expect_usage_error(str(root), ["S13"])


def test_extends_cycle(tmp_path):
    # A relative `extends` is resolved from the folder that holds the pack, so siblings name each other.
    _pack_dir(tmp_path / "a", _meta("pack-a", extends="b"), {"alpha": _rule("alpha", "X01")})
    _pack_dir(tmp_path / "b", _meta("pack-b", extends="a"), {"beta": _rule("beta", "X02")})
    _expect_usage_error(str(tmp_path / "a"), ["pack-a", "cycle"])


def test_extends_unknown_pack(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(extends="no-such-pack"), {"alpha": _rule("alpha", "X01")})
    _expect_usage_error(str(root), ["no-such-pack"])


def test_unknown_pack_id():
    _expect_usage_error("no-such-pack", ["no-such-pack", "jfp-2024-25"])


def test_unknown_pack_key(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(extend="jfp-2024-25"), {"alpha": _rule("alpha", "X01")})
    _expect_usage_error(str(root), [str(root / "pack.yaml"), "extend"])


def test_bad_vocabulary_regex_names_the_category(tmp_path):
    vocabulary = {"vague": {"about": "x", "patterns": ["(we+)*"], "match": ["we"], "no_match": ["us"]}}
    root = _pack_dir(tmp_path / "p", _meta(vocabulary=vocabulary), {"alpha": _rule("alpha", "X01")})
    _expect_usage_error(str(root), [str(root / "pack.yaml"), "vocabulary.vague"])


def test_empty_pack(tmp_path):
    root = _pack_dir(tmp_path / "p", _meta(), {})
    _expect_usage_error(str(root), ["no rules"])


@pytest.mark.parametrize("source", [r"(a+)+", r"(\w*\s?)*", r"(x{1,3})+", r"(ab*)*c"])
def test_check_regex_refuses_nested_quantifiers(source):
    with pytest.raises(UsageError, match="nests quantifiers"):
        check_regex(source, "here")


@pytest.mark.parametrize("source", [r"\bnet zero\b", r"(?:a|b)+", r"\d{4}", r"(green|net zero) plans?"])
def test_check_regex_accepts_safe_patterns(source):
    compiled = check_regex(source, "here")
    assert compiled.flags & re.IGNORECASE
