"""Run each rule's own examples, and each vocabulary's: what must, and must not, count.

Each rule example becomes a one-section document (its heading and its text as a
paragraph) judged as a passage of a plan, and the rule is evaluated on it exactly as on a
real plan. Each vocabulary example is run through the part of the engine that uses the
category (``VoiceModel.check_example``). ``jfp rules test`` and the test suite both run
them, so a change that breaks its own examples fails CI.
"""
from __future__ import annotations

from dataclasses import dataclass

from jfp.engine.evaluate import EvaluateOptions, _Context, evaluate_rule
from jfp.engine.reading import models_for
from jfp.engine.loader import RulePack
from jfp.engine.schema import Example, Rule
from jfp.models import Block, Document, DocumentMeta, Section


@dataclass(frozen=True)
class ExampleOutcome:
    """One example's verdict."""

    rule: str
    index: int
    example: Example
    passed: bool
    detail: str


def example_document(example: Example) -> Document:
    """A minimal document holding just the example passage under its heading."""
    section = Section(
        heading=example.heading,
        level=1,
        path=[example.heading],
        blocks=[Block(kind="paragraph", text=example.text, index=0)],
    )
    meta = DocumentMeta(path="<example>", format="text", sha256="0" * 64, size_bytes=len(example.text),
                        words=len(example.text.split()))
    return Document(meta=meta, sections=[section])


def run_example(rule: Rule, index: int, example: Example, pack: RulePack) -> ExampleOutcome:
    """Evaluate one example against its rule and compare with what it expects."""
    ctx = _Context([example_document(example)], pack, EvaluateOptions(assume_plan=True))
    result = evaluate_rule(rule, ctx)
    found = {e.id: e.strength for e in result.elements if e.found}
    if example.counts:
        if example.element is not None:
            got = found.get(example.element)
            if got is None:
                return ExampleOutcome(rule.id, index, example, False, f"element '{example.element}' not found")
            if example.strength is not None and got.value != example.strength:
                return ExampleOutcome(rule.id, index, example, False,
                                      f"element '{example.element}' found as {got.value}, expected {example.strength}")
            return ExampleOutcome(rule.id, index, example, True, f"{example.element}: {got.value}")
        if not found:
            return ExampleOutcome(rule.id, index, example, False, "no element found")
        return ExampleOutcome(rule.id, index, example, True, ", ".join(found))
    # Must not count: for the named element, or for any element.
    if example.element is not None:
        if example.element in found:
            return ExampleOutcome(rule.id, index, example, False, f"element '{example.element}' wrongly found")
        return ExampleOutcome(rule.id, index, example, True, "not evidence")
    if found:
        return ExampleOutcome(rule.id, index, example, False, "wrongly counted for " + ", ".join(found))
    return ExampleOutcome(rule.id, index, example, True, "not evidence")


def run_vocabulary_examples(pack: RulePack, only: str | None = None) -> list[ExampleOutcome]:
    """Every vocabulary category's match and no_match sentences, checked in the role the engine gives it."""
    model = models_for(pack)[0]
    out = []
    for name, category in pack.vocabulary.items():
        if only is not None and only != name:
            continue
        cases = [(t, True) for t in category.match] + [(t, False) for t in category.no_match]
        for i, (text, expected) in enumerate(cases):
            found = model.check_example(name, text)
            detail = ("found" if found else "not found") + ("" if found == expected else f", expected {'found' if expected else 'not found'}")
            out.append(ExampleOutcome(f"vocabulary:{name}", i, Example(text=text, counts=expected), found == expected, detail))
    return out


def run_examples(pack: RulePack, only: str | None = None) -> list[ExampleOutcome]:
    """Every example of every rule (or of one rule) in the pack, then every vocabulary's (unless one rule is asked for)."""
    out = []
    for rule in pack.rules:
        if only is not None and pack.find(only) is not rule:
            continue
        for i, ex in enumerate(rule.examples):
            out.append(run_example(rule, i, ex, pack))
    if only is None or only in pack.vocabulary:
        out += run_vocabulary_examples(pack, only)
    return out
