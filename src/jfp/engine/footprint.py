"""The ICB's footprint as input: which of its bodies the plan covers.

The footprint is the health and wellbeing boards, partner trusts and local authorities the
plan is for (``[footprint]`` in jfp.toml, ``--hwb``, ``--trust``). Elements marked
``each_board`` or ``each_trust`` are judged per body by the engine (a board without its
own opinion is named in the gap); this module adds the report's list of bodies: whether
the plan names each one at all, and which per-body requirements lack it.
"""
from __future__ import annotations

from dataclasses import dataclass

from jfp.engine.text import normalise, phrase_regex
from jfp.models import Document, Footprint, FootprintBody, Report


@dataclass(frozen=True)
class Bodies:
    """The footprint's bodies by kind, as the user named them."""

    boards: tuple[str, ...] = ()
    trusts: tuple[str, ...] = ()
    local_authorities: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.boards or self.trusts or self.local_authorities)


def _plan_text(docs: list[Document]) -> str:
    parts = [d.meta.title or "" for d in docs]
    parts += [block.text for d in docs for _, block in d.iter_blocks()]
    parts += [s.heading or "" for d in docs for s in d.iter_sections()]
    return normalise(" \n ".join(parts))


def footprint(docs: list[Document], report: Report, bodies: Bodies) -> Footprint | None:
    """Each body of the footprint: named in the plan, and the per-body requirements that miss it."""
    if not bodies:
        return None
    text = _plan_text(docs)
    missing: dict[str, list[str]] = {}
    for result in report.results:
        for element in result.elements:
            for body in element.missing_bodies:
                ids = missing.setdefault(body, [])
                if result.id not in ids:
                    ids.append(result.id)
    out = []
    for kind, names in (("board", bodies.boards), ("trust", bodies.trusts),
                        ("local_authority", bodies.local_authorities)):
        for name in dict.fromkeys(names):  # in the order given, once each
            out.append(FootprintBody(name=name, kind=kind, named=bool(phrase_regex([name]).search(text)),
                                     missing_from=missing.get(name, [])))
    return Footprint(bodies=out)
