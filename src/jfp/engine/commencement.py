"""Duties not yet in force: which elements of a pack are checked on a given date.

An element whose duty has not commenced carries ``commencement: DATE`` or
``commencement: unconfirmed`` in its rule file. Before that date (and, for "unconfirmed",
always) the element is taken out of the pack before evaluation, so a plan is never marked
down for a duty that is not yet law; the report lists what was left out and why
(``Report.not_checked``). ``--as-of DATE`` checks the law as it stands on DATE;
``--as-of all`` checks every element, including those whose commencement is unconfirmed.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from jfp.engine.loader import RulePack
from jfp.models import NotChecked

# ``--as-of all``: every element, whatever its commencement.
ALL = "all"


def in_force(commencement: str | None, as_of: date | str) -> bool:
    """Whether an element with this commencement is checked on ``as_of`` (a date, or ALL)."""
    if commencement is None or as_of == ALL:
        return True
    if commencement == "unconfirmed":
        return False
    return date.fromisoformat(commencement) <= as_of


def _reason(commencement: str, as_of: date | str) -> str:
    if commencement == "unconfirmed":
        return ("the duty it depends on is not in force and its commencement is unconfirmed; "
                "check it with --as-of all")
    return (f"the duty it depends on comes into force on {commencement}, after {as_of}; "
            f"check it with --as-of {commencement}")


def pack_in_force(pack: RulePack, as_of: date | str) -> tuple[RulePack, list[NotChecked]]:
    """The pack with only the elements in force on ``as_of``, and the elements left out."""
    skipped: list[NotChecked] = []
    rules = []
    for rule in pack.rules:
        keep = [e for e in rule.elements if in_force(e.commencement, as_of)]
        if len(keep) == len(rule.elements):
            rules.append(rule)
            continue
        for e in rule.elements:
            if e not in keep:
                skipped.append(NotChecked(requirement=rule.id, code=rule.code, element=e.id, title=e.title,
                                          commencement=e.commencement or "", reason=_reason(e.commencement, as_of)))
        # Examples naming a removed element belong to it; the rest still describe the rule.
        gone = {e.id for e in rule.elements} - {e.id for e in keep}
        examples = [x for x in rule.examples if x.element not in gone]
        rules.append(rule.model_copy(update={"elements": keep, "examples": examples}))
    if not skipped:
        return pack, []
    return replace(pack, rules=rules), skipped
