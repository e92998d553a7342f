"""Run each rule's own examples: passages that must, and must not, count as evidence.

Each example becomes a one-section document (its heading and its text as a paragraph) and
the rule is evaluated on it alone, exactly as on a real plan. ``jfp rules test`` and the
test suite both run these, so a rule change that breaks its own examples fails CI.
"""
from __future__ import annotations

from dataclasses import dataclass

from jfp.engine.evaluate import EvaluateOptions, _Context, evaluate_rule
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
    ctx = _Context([example_document(example)], pack, EvaluateOptions())
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


def run_examples(pack: RulePack, only: str | None = None) -> list[ExampleOutcome]:
    """Every example of every rule (or of one rule) in the pack."""
    out = []
    for rule in pack.rules:
        if only is not None and pack.find(only) is not rule:
            continue
        for i, ex in enumerate(rule.examples):
            out.append(run_example(rule, i, ex, pack))
    return out
