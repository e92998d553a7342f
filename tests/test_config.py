"""Tests for jfp.toml loading, discovery, merging and the starter file (jfp.config)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jfp.config import Config, discover, load_config, merge, starter_config
from jfp.errors import UsageError


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_full_config_loads(tmp_path):
    (tmp_path / "packs" / "local").mkdir(parents=True)
    cfg = load_config(_write(tmp_path / "jfp.toml", """
rules = "packs/local"
fail_on = "process"
fail_under = 65.5
format = "json"
outputs = ["out/report.html", "jfp.sarif"]
hwb = ["Kestrel HWB", "Harrier HWB"]
plan_year = "2025/26"

[[waivers]]
id = "research"
reason = "Research strategy is annex D"
expires = 2026-06-30

[[waivers]]
id = "S15"
reason = "Green plan refresh due"

[limits]
timeout_seconds = 30
max_file_mb = 20
"""))
    assert cfg.fail_on == "process" and cfg.fail_under == 65.5 and cfg.format == "json"
    assert cfg.rules == str((tmp_path / "packs" / "local").resolve())
    assert cfg.hwb == ["Kestrel HWB", "Harrier HWB"]
    assert cfg.waivers[0].expires == date(2026, 6, 30) and cfg.waivers[1].expires is None
    assert cfg.limits.timeout_seconds == 30 and cfg.limits.max_memory_mb == 2048


def test_defaults():
    cfg = Config()
    assert cfg.fail_on == "statutory" and cfg.fail_under is None and cfg.waivers == []
    assert cfg.rules is None and cfg.format == "table"


def test_rule_pack_id_is_kept_when_no_such_path(tmp_path):
    cfg = load_config(_write(tmp_path / "jfp.toml", 'rules = "jfp-2024-25"\n'))
    assert cfg.rules == "jfp-2024-25"


@pytest.mark.parametrize("text,needle", [
    ('fail_on = "sometimes"\n', "fail_on"),
    ("fail_under = 120\n", "fail_under"),
    ('plan_year = "2025"\n', "plan_year"),
    ('colour = "blue"\n', "colour: unknown key"),
    ('fail-on = "any"\n', "did you mean 'fail_on'"),
    ('[[waivers]]\nid = "research"\nreason = "  "\n', "waivers[0].reason"),
    ('[[waivers]]\nid = "research"\n', "waivers[0].reason"),
    ('[[waivers]]\nid = "research"\nreason = "x"\nexpires = "soon"\n', "waivers[0].expires"),
    ("[limits]\ntimeout_seconds = -1\n", "limits.timeout_seconds"),
    ("[limits]\nmax_cpu = 2\n", "limits.max_cpu"),
    ("fail_on = \n", "invalid TOML"),
])
def test_errors_name_file_and_key(tmp_path, text, needle):
    path = _write(tmp_path / "jfp.toml", text)
    with pytest.raises(UsageError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert needle in str(info.value)
    assert info.value.exit_code == 2


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_pyproject_table(tmp_path):
    path = _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.jfp]\nfail_on = "any"\n')
    assert load_config(path).fail_on == "any"
    bad = _write(tmp_path / "b" / "pyproject.toml", '[tool.jfp]\nfail_on = "often"\n')
    with pytest.raises(UsageError, match=r"tool\.jfp\.fail_on"):
        load_config(bad)
    none = _write(tmp_path / "c" / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(UsageError, match=r"no \[tool.jfp\]"):
        load_config(none)


def test_discover_searches_upward_from_the_file(tmp_path):
    plan = _write(tmp_path / "repo" / "plans" / "2025" / "draft.docx", "x")
    found = discover(plan)  # nothing in tmp_path yet; an ancestor of tmp_path may have one
    assert found is None or tmp_path.resolve() not in found.parents
    config = _write(tmp_path / "repo" / "jfp.toml", 'fail_on = "any"\n')
    assert discover(plan) == config.resolve()
    assert discover(plan.parent) == config.resolve()
    nearer = _write(tmp_path / "repo" / "plans" / "pyproject.toml", "[tool.jfp]\n")
    assert discover(plan) == nearer.resolve()


def test_discover_skips_pyproject_without_jfp_table(tmp_path):
    plan = _write(tmp_path / "repo" / "sub" / "plan.md", "x")
    _write(tmp_path / "repo" / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    config = _write(tmp_path / "repo" / "jfp.toml", "")
    assert discover(plan) == config.resolve()


def test_jfp_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    _write(tmp_path / "pyproject.toml", "[tool.jfp]\n")
    config = _write(tmp_path / "jfp.toml", "")
    assert discover(tmp_path / "plan.pdf") == config.resolve()


def test_merge_overrides_only_given_values():
    base = Config(fail_on="process", fail_under=50, hwb=["A"])
    merged = merge(base, fail_on=None, fail_under=70, hwb=None, rules="pack")
    assert merged.fail_on == "process" and merged.fail_under == 70
    assert merged.hwb == ["A"] and merged.rules == "pack"
    assert base.fail_under == 50  # the original is untouched


def test_merge_validates_and_rejects_unknown_keys():
    with pytest.raises(UsageError, match="fail_on"):
        merge(Config(), fail_on="often")
    with pytest.raises(TypeError):
        merge(Config(), colour="blue")


def test_starter_config_is_valid_and_documents_every_key(tmp_path):
    text = starter_config()
    cfg = load_config(_write(tmp_path / "jfp.toml", text))
    assert cfg == Config()  # no pack pinned: jfp picks one from the plan (jfp.engine.select)
    for key in Config.model_fields:
        assert key in text, key
    # The commented waiver example is valid once uncommented.
    uncommented = text.replace("# [[waivers]]", "[[waivers]]").replace('# id = "research"', 'id = "research"')
    uncommented = uncommented.replace("# reason =", "reason =").replace("# expires =", "expires =")
    uncommented = uncommented.replace("[limits]", "[limits]")
    # [[waivers]] must precede [limits] for the keys to land in the right table.
    assert uncommented.index("[[waivers]]") < uncommented.index("[limits]")
    cfg = load_config(_write(tmp_path / "u" / "jfp.toml", uncommented))
    assert cfg.waivers[0].id == "research"
