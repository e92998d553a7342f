"""Glossary entries wherever they stand: "Term (ACR): one of ... that ..." is a definition, not a step.

A plan's glossary is context when it has a glossary heading (reading.py); the same entries
in a plain-text excerpt, an appendix without a heading or a web page saved as text are found
here by their shape, so that "Health innovation network (HIN): one of 15 regional networks
that help the NHS ..." never meets innovation.
"""
from __future__ import annotations

import re

from jfp.engine.reading import _Unit
from jfp.engine.vocabulary import plain
from jfp.engine.voice import _CLAUSE_OPENERS, VoiceModel

# A glossary entry: a label of a few words (an acronym in brackets allowed), a colon, a definition.
_DEFINITION = re.compile(r"^\W*([a-z][\w'&/ -]*(?:\([\w&/ -]+\))?)\s*:\s+(.+)$")
_MAX_TERM_WORDS = 6
_NUMBERED_OR_DATED = re.compile(r"^\W*[^:]*\d[^:]*:|\b(?:19|20)\d\d\b")
_DEFINITION_OPENERS = frozenset("a an the one any".split())
_PLAN_MODALS = frozenset("will shall must should".split())


def definition_shape(model: VoiceModel, p: str) -> int:
    """How surely a sentence is a glossary entry, "Term (ACR): a/one of ... that ...": 2 when a
    short label and a colon are followed by a noun phrase whose only verbs are in a relative
    clause; 1 when it has the label shape only ("Health inequalities: unfair and avoidable
    differences ..."), which counts in a run of such lines; 0 otherwise. "Estates: a new
    hub opened in 2025" (its verb acts on the phrase), "Estates: we will ...", a numbered
    label ("Priority 1: ...") and a dated phrase ("by 2027") are the plan's own items."""
    m = _DEFINITION.match(p) if ":" in p else None  # most sentences have no colon: skip the scan
    if m is None or len(m.group(1).split()) > _MAX_TERM_WORDS or _NUMBERED_OR_DATED.search(p):
        return 0
    tokens = model._tokens(m.group(2))
    if not tokens or any(t in model._first_person or t in _PLAN_MODALS for t in tokens):
        return 0
    anchor = model._anchor(tokens, 1)
    relative = anchor is None or any(t in _CLAUSE_OPENERS for t in tokens[1:anchor])
    opener = tokens[0] in _DEFINITION_OPENERS or any(t.endswith("'s") for t in tokens[:3])
    return 2 if opener and relative else 1 if relative else 0


_MIN_DEFINITION_RUN = 3


def mark_definitions(units: list[_Unit], model: VoiceModel) -> None:
    """Glossary entries outside a glossary heading are glossary: a paragraph opening with a sure
    definition ("HIN: one of 15 networks that ..."), or a run of three or more paragraphs that
    open in the label shape ("Health inequalities: unfair and avoidable differences ...")."""
    run: list[_Unit] = []

    def close() -> None:
        if len(run) >= _MIN_DEFINITION_RUN:
            for u in run:
                u.context = "glossary"
        run.clear()

    last_block = None
    for u in units:
        if u.kind != "sentence" or u.context != "body" or u.block is None:
            if u.kind in ("heading", "title"):
                close()
            continue
        if u.block is last_block:
            continue  # the rest of a paragraph neither starts nor breaks a run
        last_block = u.block
        shape = definition_shape(model, plain(u.text))
        if shape == 2:
            u.context = "glossary"
        if shape:
            run.append(u)
        else:
            close()
    close()
