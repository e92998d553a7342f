"""What changed between two rule packs (``jfp rules diff A B``): requirements, elements, settings.

Compared by id, so a requirement that keeps its id keeps its meaning and only its parts
are listed; a requirement is "added" or "removed" only when its id is new or gone.
"""
from __future__ import annotations

from jfp.engine.loader import RulePack
from jfp.engine.schema import Element, Rule


def _element_changes(old: Element, new: Element) -> list[str]:
    out = []
    for key in ("title", "core", "each_board", "each_trust", "commencement", "source", "min_sections"):
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            out.append(f"{key}: {a!r} -> {b!r}")
    if [p.model_dump() for p in old.patterns] != [p.model_dump() for p in new.patterns]:
        out.append("patterns changed")
    return out


def _element_note(e: Element) -> str:
    bits = ["core" if e.core else "supporting"]
    if e.commencement:
        bits.append(f"commencement {e.commencement}")
    if e.each_board:
        bits.append("per board")
    if e.each_trust:
        bits.append("per trust")
    return ", ".join(bits)


def _rule_changes(old: Rule, new: Rule) -> list[str]:
    out = []
    for key in ("code", "kind", "title", "basis", "about"):
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            a, b = getattr(a, "value", a), getattr(b, "value", b)
            out.append(f"{key}: {a} -> {b}")
    if old.met != new.met:
        out.append(f"met: {old.met.model_dump()} -> {new.met.model_dump()}")
    before = {e.id: e for e in old.elements}
    after = {e.id: e for e in new.elements}
    for eid, e in after.items():
        if eid not in before:
            out.append(f"+ element {eid} ({_element_note(e)}): {e.title}")
    for eid, e in before.items():
        if eid not in after:
            out.append(f"- element {eid}: {e.title}")
    for eid in before.keys() & after.keys():
        for change in _element_changes(before[eid], after[eid]):
            out.append(f"~ element {eid}: {change}")
    if len(old.examples) != len(new.examples):
        out.append(f"examples: {len(old.examples)} -> {len(new.examples)}")
    return out


def diff(a: RulePack, b: RulePack) -> list[str]:
    """Lines saying what changed from pack ``a`` to pack ``b`` (empty when nothing did)."""
    out: list[str] = []
    for key, label in (("default_horizon_start", "default plan year"), ("guidance", "guidance")):
        x, y = getattr(a, key), getattr(b, key)
        if x != y:
            out.append(f"{label}: {x or '(none)'} -> {y or '(none)'}")
    sel = (lambda p: p.selects.model_dump() if p.selects else None)
    if sel(a) != sel(b):
        out.append(f"picked for plans: {sel(a)} -> {sel(b)}")
    added_acronyms = sorted(set(b.acronyms) - set(a.acronyms))
    if added_acronyms:
        out.append("acronyms added: " + ", ".join(added_acronyms))
    old = {r.id: r for r in a.rules}
    new = {r.id: r for r in b.rules}
    for r in b.rules:
        if r.id not in old:
            out.append(f"+ {r.code} {r.id} ({r.kind.value}): {r.title}")
    for r in a.rules:
        if r.id not in new:
            out.append(f"- {r.code} {r.id} ({r.kind.value}): {r.title}")
    for r in b.rules:
        if r.id in old:
            changes = _rule_changes(old[r.id], r)
            if changes:
                out.append(f"~ {r.code} {r.id}:")
                out += [f"    {c}" for c in changes]
    return out
