"""Accuracy gate: the rule pack's verdicts against labelled plans, with the issue's targets.

Three labelled sets: the shared development corpus (``../shared/corpus``, skipped when it
is not beside the repository), the shipped samples (``samples/expected.json``) and the
validation set (``accuracy/heldout``), the last two written and labelled from the guidance
by developers who had not read the rules. The same targets are measured
on plans jfp has never seen, so a rule change that only helps one set must not hurt the
other. docs/accuracy.md records the numbers and how to reproduce them with score.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jfp.options import Options
from jfp.runner import check

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
STATUTORY = {
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties", "quality",
    "inequalities", "patient-involvement", "public-involvement", "patient-choice", "advice",
    "innovation", "research", "education-training", "climate-change", "abuse-victims",
    "children-young-people",
}


def _labels(folder: Path, labels_file: str) -> dict[str, dict]:
    data = json.loads((folder / labels_file).read_text(encoding="utf-8"))
    return data["documents"]


def _measure(folder: Path, labels_file: str) -> dict[str, float]:
    docs = _labels(folder, labels_file)
    rows: list[tuple[str, str, str]] = []  # (id, label, predicted)
    groups: dict[str, list[dict[str, str]]] = {}
    for name, entry in docs.items():
        report = check([folder / name], Options())
        predicted = {r.id: r.status.value for r in report.results}
        rows += [(rid, label, predicted[rid]) for rid, label in entry["labels"].items()]
        if entry.get("parity_group"):
            groups.setdefault(entry["parity_group"], []).append(predicted)
    f1s = []
    for rid in {r for r, _, _ in rows}:
        tp = sum(1 for r, t, p in rows if r == rid and t != "missing" and p != "missing")
        fp = sum(1 for r, t, p in rows if r == rid and t == "missing" and p != "missing")
        fn = sum(1 for r, t, p in rows if r == rid and t != "missing" and p == "missing")
        if 2 * tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    missing = [(r, p) for r, t, p in rows if t == "missing"]
    statutory_missing = [p for r, p in missing if r in STATUTORY]
    return {
        "three_class": sum(t == p for _, t, p in rows) / len(rows),
        "macro_f1": sum(f1s) / len(f1s),
        "false_met": sum(p == "met" for _, p in missing) / max(1, len(missing)),
        "statutory_missing_recall": sum(p == "missing" for p in statutory_missing) / max(1, len(statutory_missing)),
        "parity": all(all(g == members[0] for g in members) for members in groups.values()),
    }


def _assert_targets(m: dict[str, float]) -> None:
    assert m["macro_f1"] >= 0.90, m
    assert m["three_class"] >= 0.80, m
    assert m["false_met"] <= 0.05, m
    assert m["statutory_missing_recall"] >= 0.90, m
    assert m["parity"], m


@pytest.mark.skipif(not (CORPUS / "labels.json").is_file(), reason="../shared/corpus is not beside the repository")
def test_development_corpus_meets_the_targets() -> None:
    _assert_targets(_measure(CORPUS, "labels.json"))


def test_samples_meet_the_targets() -> None:
    _assert_targets(_measure(ROOT / "samples", "expected.json"))


def test_validation_set_meets_the_targets() -> None:
    _assert_targets(_measure(ROOT / "accuracy" / "heldout", "labels.json"))
