"""The year packs' samples (samples/jfp-2025-26, samples/jfp-2026-27): labelled like samples/expected.json,
checked with the pack the plan's own period picks and the footprint in the jfp.toml beside each.

The floors are the first measured figures (docs/accuracy.md): a change that makes jfp agree
less with the labels fails here."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jfp.cli_options import build_options
from jfp.engine.loader import load_pack
from jfp.runner import check

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# pack -> (3-class floor, false-met ceiling)
FLOORS = {"jfp-2025-26": (0.78, 0.0), "jfp-2026-27": (0.97, 0.0)}


def _options(folder: Path):
    import argparse

    ns = argparse.Namespace(jobs=1, timeout=None, max_memory=None, rules=None, hwb=[], trusts=[], as_of=None,
                            plan_year=None, fail_on=None, fail_under=None, format=None, config=folder / "jfp.toml",
                            no_config=False, verbose=False, output=[], quiet=True, combine=False)
    return build_options("check", ns, [])


@pytest.mark.parametrize("pid", sorted(FLOORS))
def test_year_sample_labels_cover_the_pack_and_meet_the_floor(pid):
    folder = SAMPLES / pid
    docs = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["documents"]
    ids = [r.id for r in load_pack(pid).rules]
    rows = []
    groups: dict[str, list[dict[str, str]]] = {}
    for name, entry in docs.items():
        assert sorted(entry["labels"]) == sorted(ids), name
        report = check([folder / name], _options(folder))
        assert report.rulepack.id == pid and report.rulepack.reason.startswith("plan period ")
        got = {r.id: r.status.value for r in report.results}
        rows += [(label, got[rid]) for rid, label in entry["labels"].items()]
        groups.setdefault(entry["parity_group"], []).append(got)
    assert all(all(g == members[0] for g in members) for members in groups.values())  # DOCX, PDF, Markdown agree
    three_class = sum(a == b for a, b in rows) / len(rows)
    missing = [b for a, b in rows if a == "missing"]
    false_met = sum(b == "met" for b in missing) / max(1, len(missing))
    floor, ceiling = FLOORS[pid]
    assert three_class >= floor and false_met <= ceiling, (three_class, false_met)


def test_the_scp_sample_lists_its_footprint_and_what_was_not_checked():
    folder = SAMPLES / "jfp-2026-27"
    report = check([folder / "brindlecombe-quenby-scp.md"], _options(folder))
    bodies = {b.name: b for b in report.footprint.bodies}
    assert len(bodies) == 9
    tollmere = bodies["Tollmere Health and Wellbeing Board"]
    assert tollmere.named and set(tollmere.missing_from) == {"hwb-opinion", "footprint-coverage"}
    assert bodies["Quenby and Tollmere Community NHS Trust"].missing_from == [
        "partner-trust-agreement"]
    assert {n.element for n in report.not_checked} == {
        "victim-support-collaboration", "child-protection-teams", "down-syndrome-guidance"}
