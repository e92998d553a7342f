"""The health and wellbeing boards a plan names, for judging "each board" without ``--hwb``.

A plan for several places names its boards in full ("Thorne Valley Health and Wellbeing
Board", "Harrowmere City Health and Wellbeing Board"). When the user gives no ``--hwb``,
those names are the boards an element with ``boards_named``
is judged against (P02, each board's final opinion; S04, steps for each board's strategy):
one board's opinion and another board merely "noting the draft" is partial, not met. One
named board, or none, leaves the judgement as it was. A strategy named only by its title
("Rural Wellbeing") is not yet tied to its board's place, so such steps count for no board.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from jfp.engine.match import Passage

# One to four capitalised words before "Health and Wellbeing Board" (not "Boards"), or before
# a board's "(Joint) (Local) Health and Wellbeing Strategy": each board has one strategy, so a
# strategy named for its place names the board's place too.
_BOARD = re.compile(r"((?:[A-Z][\w\u2019'-]*\s+){1,4})Health and Wellbeing (?:Board|Strategy)\b")
# Words that open a reference to boards in general, not a board's name.
_NOT_NAME = frozenset({"the", "each", "every", "a", "an", "our", "their", "its", "all", "both", "two", "three",
                       "four", "joint", "local", "relevant", "respective", "any", "this", "that", "whose",
                       "which", "statutory", "said", "and", "of", "for", "to", "by", "with", "in"})
# A council's title after the place name: "Harrowmere City", "Dunsford County Council".
_TITLE_WORDS = frozenset({"borough", "county", "city", "council", "metropolitan", "district", "royal",
                          "joint", "local"})  # "Dunsford County Joint Local Health and Wellbeing Strategy"


def _place(words: list[str]) -> str:
    while words and words[0].lower() in _NOT_NAME:
        words = words[1:]
    words = [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in words]
    while words and words[-1].lower() in _TITLE_WORDS:
        words = words[:-1]
    return " ".join(words)


def boards_named(passages: Iterable[Passage]) -> tuple[str, ...]:
    """The places of the boards the passages name, in order of first mention, when two or more."""
    places: dict[str, None] = {}
    for p in passages:
        if "Wellbeing Board" not in p.text and "Wellbeing Strategy" not in p.text:
            continue
        for m in _BOARD.finditer(p.text):
            place = _place(m.group(1).split())
            if place:
                places.setdefault(place, None)
    return tuple(places) if len(places) >= 2 else ()
