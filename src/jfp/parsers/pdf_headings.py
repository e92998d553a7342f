"""Decide which PDF paragraphs are headings, and at which level, from how they look.

A PDF has no styles, so a heading is a short stand-alone paragraph set larger than the
body text (the most common size by characters), or in bold at body size, or numbered like
"3.2 Research". Levels come from the distinct heading looks, largest first. A bold lead-in
running into its paragraph, a table row and cover-page lettering are not headings.
"""
from __future__ import annotations

import re

from jfp.parsers.pdf_structure import Para

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?=[A-Z])")
_MULTI_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,4}\.?\s+[A-Z]")
_CLOSING = (".", ",", ";", ":")
MAX_LEVEL = 6
_MIN_TITLED_PAGES = 4  # pages a look must open before it counts as the pages' titles


def _is_candidate(p: Para, body: float) -> bool:
    if p.list_item or p.lines > 3 or not any(c.isalpha() for c in p.text):
        return False
    words = len(p.text.split())
    if words > 25:
        return False
    big = p.size >= body * 1.12 and p.size - body >= 1
    if big:
        return not p.text.endswith((",", ";"))
    if p.size < body - 0.5 or words > 15 or p.text.endswith(_CLOSING):
        return False
    if p.bold:
        return True
    return bool(_MULTI_NUMBERED.match(p.text)) and words <= 12


def levels(paras: list[Para], body: float, alone: list[bool], tight_next: list[bool]) -> list[int | None]:
    """The heading level of each paragraph, or None for body paragraphs.

    ``alone``: the paragraph has its line(s) to itself (no other text on the same baseline).
    ``tight_next``: the next paragraph follows at line spacing (it may be a run-in lead).
    """
    page_titles = _page_title_looks(paras, alone)
    cand: list[bool] = []
    for i, p in enumerate(paras):
        ok = alone[i] and (_is_candidate(p, body) or (_key(p) in page_titles and _title_shaped(p)))
        if ok and p.size - body < 1 and tight_next[i] and i + 1 < len(paras):
            nxt = paras[i + 1].text
            if nxt[:1].islower() or not p.text[-1:].isalnum():
                ok = False  # a bold lead-in whose sentence runs on
        cand.append(ok)
    first_page = min((p.page for p in paras), default=1)
    keys_elsewhere = {_key(p) for p, c in zip(paras, cand) if c and p.page != first_page}
    if keys_elsewhere:
        # Cover-page lettering (title, organisation name) has looks no real heading shares;
        # a numbered heading ("1 Introduction") is no lettering, even alone in its look.
        cand = [
            c and (p.page != first_page or _key(p) in keys_elsewhere or bool(_NUMBERED.match(p.text)))
            for p, c in zip(paras, cand)
        ]
    keys = sorted({_key(p) for p, c in zip(paras, cand) if c}, key=lambda k: (-k[0], not k[1]))
    rank = {k: min(i + 1, MAX_LEVEL) for i, k in enumerate(keys)}
    numbered = [_NUMBERED.match(p.text) for p, c in zip(paras, cand) if c]
    by_number = len(keys) == 1 and numbered and sum(1 for m in numbered if m) > 0.5 * len(numbered)
    out: list[int | None] = []
    for p, c in zip(paras, cand):
        if not c:
            out.append(None)
            continue
        m = _NUMBERED.match(p.text) if by_number else None
        out.append(min(m.group(1).count(".") + 1, MAX_LEVEL) if m else rank[_key(p)])
    if not by_number:
        _nest_body_size(paras, out, body)
    # Lower-level "headings" above the first top-level one on the first page are cover
    # lettering (organisation name, strapline) that happens to share a heading's look.
    first_top = next((i for i, lev in enumerate(out) if lev == 1), None)
    if first_top is not None and paras[first_top].page == first_page:
        for i in range(first_top):
            out[i] = None
    return out


def _title_shaped(p: Para) -> bool:
    return not p.list_item and p.lines <= 2 and len(p.text.split()) <= 15 and not p.text.endswith(_CLOSING)


def _page_title_looks(paras: list[Para], alone: list[bool]) -> set[tuple[float, bool]]:
    """Bold looks that open most pages: a slide deck's slide titles, whatever their size (a
    deck's bullets are often set larger than its titles)."""
    firsts: dict[int, Para] = {}
    for p, a in zip(paras, alone):
        if p.page not in firsts:
            firsts[p.page] = p if a else None  # type: ignore[assignment]
    pages = len(firsts)
    counts: dict[tuple[float, bool], int] = {}
    for p in firsts.values():
        if p is not None and p.bold and _title_shaped(p):
            counts[_key(p)] = counts.get(_key(p), 0) + 1
    return {k for k, n in counts.items() if n >= _MIN_TITLED_PAGES and n >= 0.5 * pages}


def _key(p: Para) -> tuple[float, bool]:
    return (p.size, p.bold)


def _nest_body_size(paras: list[Para], out: list[int | None], body: float) -> None:
    """Put a bold heading at body size one level under the larger heading above it.

    Such a heading is a hand-made subheading ("Key milestones" over a table) of whatever
    section it sits in, so its level follows its place, as the DOCX reader decides from the
    styled heading above it, rather than ranking below every larger look in the plan.
    """
    above = 0
    for i, (p, lev) in enumerate(zip(paras, out)):
        if lev is None:
            continue
        if p.size - body >= 1:
            above = lev
        elif above:  # before any larger heading its rank stands (the cover rule below needs it)
            out[i] = min(above + 1, MAX_LEVEL)

