"""Parts of a plan that are someone else's words, whatever their sentences say.

A sentence alone cannot tell that it is pasted guidance or a council's chapter: "The ICB and
NHS providers will support local strategies" reads as the plan's own. The plan says so once,
for a whole part: "The text below is reproduced from NHS England's guidance" (``quoted_below``)
or a chapter headed with an outside organisation's name alone, "3.3 Tarnbridge Borough
Council" (``other_organisations``). From there to the end of that section, and through the
sections under it, every sentence speaks for the other document or organisation.
"""
from __future__ import annotations

from collections.abc import Callable

from jfp.engine.reading import _Unit
from jfp.engine.vocabulary import plain
from jfp.engine.voice import INHERIT, OTHER, OWN, Reading, VoiceModel
from jfp.models import Document, Section


def no_own_context(u: _Unit) -> None:
    """A unit of a document that does not speak as the plan borrows no plan's voice from its neighbours."""
    if u.prev == OWN:
        u.prev = OTHER
    if u.lead_in is not None and u.lead_in.voice == OWN:
        u.lead_in = Reading(OTHER, u.lead_in.reason, u.lead_in.subject, u.lead_in.focus, u.lead_in.duty, False)
    if u.table_voice == OWN:
        u.table_voice = INHERIT


def others_sections(units: list[tuple[Document, _Unit]], model: VoiceModel) -> list[Section]:
    """Mark every unit of the parts the plan gives to others as another's voice; return their sections."""
    def quoting(u: _Unit, opens_paragraph: bool) -> bool:
        # The saying opens its paragraph ("The text below is reproduced from ..."); it is the
        # plan's own sentence, and what follows it is quoted.
        return opens_paragraph and u.kind == "sentence" and bool(model.quoted_below(plain(u.text)))

    def chapter(u: _Unit, opens_paragraph: bool) -> bool:
        return u.kind == "heading" and model.names_organisation(u.text)

    return _mark(units, quoting, "quoted", include_opener=False) + _mark(units, chapter, "other chapter",
                                                                          include_opener=True)


def _mark(units: list[tuple[Document, _Unit]], opens: Callable[[_Unit, bool], bool], reason: str,
          include_opener: bool) -> list[Section]:
    marked: list[Section] = []
    active: tuple[Document, list[str]] | None = None  # (document, heading path of the opening section)
    block = None
    for doc, u in units:
        if u.section is None:
            continue
        path = u.section.path
        if active is not None and (active[0] is not doc or path[:len(active[1])] != active[1]):
            active = None
        opens_paragraph = u.block is not block
        block = u.block
        if active is None and opens(u, opens_paragraph):
            active = (doc, list(path))
            if not include_opener:
                continue
        if active is not None:
            if not marked or marked[-1] is not u.section:
                marked.append(u.section)
            if u.reading is not None and u.reading.voice in (OWN, INHERIT):
                u.reading = Reading(OTHER, reason, u.reading.subject, u.reading.focus, u.reading.duty, False)
            no_own_context(u)
    return marked
