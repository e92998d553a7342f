"""Hostile custom rule packs: every bad pack is exit 2 naming the file (and rule), never a traceback.

Packs are read with a safe YAML loader (no Python object tags), regexes are compiled once
at load and patterns shaped for catastrophic backtracking are refused.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from hostile import forkcli
from jfp.engine import loader
from jfp.errors import UsageError

RULE = """\
id: {id}
code: {code}
kind: {kind}
title: Research
basis: NHS Act 2006 s.14Z40
summary: Research.
guidance: The plan must say how research is promoted.
elements:
  - id: research
    title: Research
    patterns:
      - {pattern}
"""
PACK = "id: custom\ntitle: Custom pack\nversion: '1'\n"
GOOD_PATTERN = "{kind: phrase, any: [research]}"


def make_pack(folder: Path, files: dict[str, str]) -> Path:
    """A pack directory with pack.yaml and the given rule files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def rule(id: str = "research", code: str = "S13", kind: str = "statutory", pattern: str = GOOD_PATTERN) -> str:
    """A rule file's text with one element and one pattern."""
    return RULE.format(id=id, code=code, kind=kind, pattern=pattern)


# name -> (rule files, text the one-line error must contain besides the file name)
BAD_PACKS: dict[str, tuple[dict[str, str], list[str]]] = {
    "nested-quantifier": ({"research.yaml": rule(pattern="{kind: regex, pattern: '(a+)+$'}")},
                          ["research", "nests quantifiers"]),
    "nested-star-group": ({"research.yaml": rule(pattern="{kind: regex, pattern: '(?:\\w*\\s?)*end'}")},
                          ["research", "nests quantifiers"]),
    "nested-bounded-inner": ({"research.yaml": rule(pattern="{kind: regex, pattern: '(x{1,9})+y'}")},
                             ["research", "nests quantifiers"]),
    "bad-regex": ({"research.yaml": rule(pattern="{kind: regex, pattern: '(unclosed'}")},
                  ["research", "invalid regex"]),
    "unknown-key": ({"research.yaml": rule() + "colour: red\n"}, ["research", "colour"]),
    "unknown-pattern-key": ({"research.yaml": rule(pattern="{kind: phrase, any: [x], wibble: 1}")},
                            ["research", "wibble"]),
    "wrong-kind": ({"research.yaml": rule(kind="mandatory")}, ["research", "kind"]),
    "wrong-pattern-kind": ({"research.yaml": rule(pattern="{kind: telepathy, any: [x]}")}, ["research"]),
    "yaml-syntax": ({"research.yaml": rule() + "elements: [unclosed\n"}, ["invalid YAML"]),
    "id-not-file-name": ({"research.yaml": rule(id="innovation")}, ["innovation", "file name"]),
    "duplicate-code": ({"research.yaml": rule(), "innovation.yaml": rule(id="innovation")}, ["S13", "twice"]),
    "python-object-tag": ({"research.yaml": "!!python/object/apply:os.system ['echo pwned']\n"},
                          ["research.yaml"]),
    "not-a-mapping": ({"research.yaml": "- just\n- a list\n"}, ["mapping"]),
}


@pytest.mark.parametrize("name", list(BAD_PACKS))
def test_bad_pack_is_a_usage_error_naming_file_and_rule(tmp_path: Path, name: str) -> None:
    files, expected = BAD_PACKS[name]
    pack = make_pack(tmp_path / name, files)
    with pytest.raises(UsageError) as info:
        loader.load_pack(str(pack))
    message = str(info.value)
    assert str(pack) in message and "\n" not in message, message
    for text in expected:
        assert text in message, (text, message)


def test_bad_packs_exit_2_through_the_cli(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\nWe will support research.\n", encoding="utf-8")
    packs = {name: make_pack(tmp_path / name, files) for name, (files, _) in BAD_PACKS.items()}
    forkcli.warm_up()
    runs = forkcli.run_many([["check", "--no-config", "--rules", str(p), str(plan)] for p in packs.values()], tmp_path)
    for (name, pack), run in zip(packs.items(), runs):
        assert run.returncode == 2, (name, run.stderr)
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("jfp: ") and str(pack) in lines[0], (name, run.stderr)
        assert "Traceback" not in run.stderr and run.stdout == "", name
    assert not (tmp_path / "pwned").exists()


def test_yaml_loader_is_safe() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("!!python/object/apply:os.system ['true']", Loader=loader.safe_loader())
    assert issubclass(loader.safe_loader(), (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a*)*b", r"(\w+\s?)+$", r"((ab)*)+c", r"(?:a|b+)*c", r"(a{2,})+"])
def test_backtracking_shapes_are_refused(pattern: str) -> None:
    with pytest.raises(UsageError, match="nests quantifiers"):
        loader.check_regex(pattern, "pack.yaml: rule 'x'")


@pytest.mark.parametrize("pattern", [r"\bresearch\b", r"(?:clinical )?trials?", r"(a|b){1,3}c", r"\d{4}/\d{2}",
                                     r"(?:we|our) (?:will|plan)", r"[a-z]+ing\b"])
def test_ordinary_patterns_are_accepted_and_compiled(pattern: str) -> None:
    assert loader.check_regex(pattern, "x").pattern == pattern


def test_refused_shape_would_really_hang_and_accepted_one_does_not() -> None:
    """Why the rule exists: (a+)+$ on 26 a's and a b takes seconds; the refusal costs nothing."""
    hostile = "a" * 18 + "b"
    start = time.perf_counter()
    re.search(r"(a+)+$", hostile)
    nested = time.perf_counter() - start
    start = time.perf_counter()
    re.search(r"a+$", hostile)
    flat = time.perf_counter() - start
    assert nested > 20 * flat


def test_regexes_are_compiled_once_at_load(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "ok", {"research.yaml": rule(pattern="{kind: regex, pattern: 'resear(?:ch|ches)'}")})
    calls = []
    original = loader.check_regex

    def spy(source: str, where: str):
        calls.append(source)
        return original(source, where)

    loader.check_regex = spy
    try:
        loaded = loader.load_pack(str(pack))
    finally:
        loader.check_regex = original
    assert calls.count("resear(?:ch|ches)") == 1
    assert [r.id for r in loaded.rules] == ["research"]
