"""Tests over every rule file of the shipped pack: file names, example coverage, and each rule's own examples."""
from __future__ import annotations

import pytest
import yaml
from enginedata import document, shipped_pack

from jfp.engine.evaluate import evaluate
from jfp.engine.examples import run_example, run_examples
from jfp.engine.loader import builtin_packs_dir

PACK_DIR = builtin_packs_dir() / "jfp-2024-25"
RULE_FILES = sorted(p for p in PACK_DIR.glob("*.yaml") if p.name not in ("pack.yaml", "vocabulary.yaml"))

# Examples the engine currently gets wrong, by "<rule id>-<example number from 1>", with why.
# strict: when the lead's tuning fixes one, its test XPASSes and fails, so this list is kept honest.
KNOWN_FAILURES: dict[str, str] = {}


def _example_params():
    params = []
    for rule in shipped_pack().rules:
        for i, example in enumerate(rule.examples):
            key = f"{rule.id}-{i + 1}"
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[key])] if key in KNOWN_FAILURES else []
            params.append(pytest.param(rule.id, i, id=key, marks=marks))
    return params


def test_the_pack_has_thirty_rule_files():
    assert len(RULE_FILES) == 30


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_id_equals_file_name(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["id"] == path.stem


def test_every_rule_has_a_positive_and_a_negative_example():
    lacking = [
        f"{rule.id} ({'no counts: true' if not any(e.counts for e in rule.examples) else 'no counts: false'})"
        for rule in shipped_pack().rules
        if not any(e.counts for e in rule.examples) or all(e.counts for e in rule.examples)
    ]
    assert not lacking, "rules without both kinds of example: " + ", ".join(lacking)


def test_every_core_element_is_named_by_a_positive_example_somewhere():
    """Not required, but a rule whose examples never exercise any element proves little."""
    for rule in shipped_pack().rules:
        named = {e.element for e in rule.examples if e.counts and e.element}
        unnamed_positive = any(e.counts and e.element is None for e in rule.examples)
        assert named or unnamed_positive, rule.id


@pytest.mark.parametrize("rule_id, index", _example_params())
def test_rule_example(rule_id, index):
    pack = shipped_pack()
    rule = pack.find(rule_id)
    outcome = run_example(rule, index, rule.examples[index], pack)
    assert outcome.passed, f"{rule_id} example {index + 1}: {outcome.detail}: {outcome.example.text!r}"


def test_run_examples_covers_every_example_and_filters_by_code():
    pack = shipped_pack()
    vocabulary = sum(len(v.match) + len(v.no_match) for v in pack.vocabulary.values())
    assert len(run_examples(pack)) == sum(len(r.examples) for r in pack.rules) + vocabulary
    only = run_examples(pack, "S13")
    assert only and {o.rule for o in only} == {"research"}


def test_research_participation_is_not_public_involvement_in_the_plan():
    text = "We will double the number of people taking part in NIHR studies in primary care to 6,000 a year by 2027."
    report = evaluate([document([("Research", [text])])], shipped_pack())
    s09 = next(r for r in report.results if r.code == "S09")
    assert s09.status.value != "met"
