"""Which shipped pack a plan is checked against when no --rules is given, and why.

A pack's ``selects`` (pack.yaml) names the plan years it is for and the document names of
its kind of plan ("strategic commissioning plan"). The plan's own year is read from its
title and front matter as the horizon check reads it (``jfp.engine.horizon``): the pack
whose years hold it is chosen; when no year can be read, a document name in the title or
front matter chooses; with neither, the default pack. Every report says which and why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jfp.engine import horizon
from jfp.engine.loader import DEFAULT_PACK, RulePack, available_packs, load_pack
from jfp.models import Document

FRONT_BLOCKS = 40  # the title page and front matter: where a plan states its period


@dataclass(frozen=True)
class Choice:
    """The pack chosen for a plan and the sentence that says why."""

    pack: str
    reason: str


def _front(docs: list[Document]) -> list[str]:
    out = []
    for _, block in docs[0].iter_blocks():
        out.append(block.text)
        if len(out) == FRONT_BLOCKS:
            break
    return out


def _fy(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _period(docs: list[Document]) -> tuple[int | None, str]:
    """The plan's first year and a phrase saying where it was read."""
    title = docs[0].meta.title
    front = _front(docs)
    year, source = horizon.detect_plan_year(title, front)
    if year is None:
        return None, ""
    spans = horizon.spans_in(title or "") or [s for t in front for s in horizon.spans_in(t)]
    span = next((s for s in spans if s.start == year), None)
    if span is not None and span.end > span.start:
        said = f"plan period {_fy(span.start)} to {_fy(span.end)}"
    else:
        said = f"plan year {_fy(year)}"
    where = "the title page" if source.startswith("title") else "the front matter"
    return year, f"{said} read from {where}"


@lru_cache(maxsize=1)  # the shipped packs do not change while a run (or a batch) lasts
def _packs() -> tuple[RulePack, ...]:
    return tuple(p for p in (load_pack(pid) for pid in available_packs()) if p.selects is not None)


def _covers(pack: RulePack, year: int) -> bool:
    first = horizon.parse_plan_year(pack.selects.first_year)
    last = horizon.parse_plan_year(pack.selects.last_year) if pack.selects.last_year else None
    return first <= year and (last is None or year <= last)


def choose(docs: list[Document]) -> Choice:
    """The shipped pack for these documents (one submission) and why."""
    packs = _packs()
    year, said = _period(docs)
    if year is not None:
        # The most specific pack: the latest first year that still covers the plan's year.
        fitting = sorted((p for p in packs if _covers(p, year)),
                         key=lambda p: horizon.parse_plan_year(p.selects.first_year), reverse=True)
        if fitting:
            return Choice(fitting[0].id, said)
        return Choice(DEFAULT_PACK, said)  # before every year-specific pack: the base pack
    text = " ".join([docs[0].meta.title or "", *_front(docs)]).lower()
    for pack in sorted(packs, key=lambda p: p.selects.first_year, reverse=True):
        for name in pack.selects.document_names:
            if re.search(r"\b" + re.escape(name.lower()) + r"s?\b", text):
                return Choice(pack.id, f"no plan period found; the document calls itself a \"{name}\"")
    return Choice(DEFAULT_PACK, "no plan period or document name found, so the default pack")
