"""The shipped rule packs: one per guidance year, each year extending the base."""
from __future__ import annotations

from jfp.engine.evaluate import EvaluateOptions, evaluate
from jfp.engine.loader import available_packs, load_pack
from jfp.models import Block, Document, DocumentMeta, Section


def _plan(text: str) -> Document:
    section = Section(heading="Our plan", level=1, path=["Our plan"],
                      blocks=[Block(kind="paragraph", text=text, index=0)])
    meta = DocumentMeta(path="plan.md", format="markdown", sha256="0" * 64, size_bytes=len(text), words=9)
    return Document(meta=meta, sections=[section])


def test_both_guidance_years_ship() -> None:
    assert {"jfp-2024-25", "jfp-2025-26"} <= set(available_packs())


def test_the_2025_26_pack_keeps_every_requirement_of_the_base() -> None:
    base, year = load_pack("jfp-2024-25"), load_pack("jfp-2025-26")
    # The 30 ids keep their place and code; the year adds recommended content after them.
    assert [(r.id, r.code) for r in year.rules][:len(base.rules)] == [(r.id, r.code) for r in base.rules]
    added = year.rules[len(base.rules):]
    assert {r.id for r in added} == {"neighbourhood-health", "three-shifts"}
    assert all(r.kind.value == "recommended" for r in added)
    assert (year.id, year.version) != (base.id, base.version)


def test_the_pack_year_is_the_plan_year_when_the_plan_states_none() -> None:
    doc = _plan("Over the next five years we will open two community diagnostic centres.")
    years = {pid: evaluate([doc], load_pack(pid), EvaluateOptions()).plan_year
             for pid in ("jfp-2024-25", "jfp-2025-26")}
    assert years == {"jfp-2024-25": "2024/25", "jfp-2025-26": "2025/26"}


def test_a_plan_that_states_its_year_is_read_by_that_year_in_any_pack() -> None:
    doc = _plan("This plan covers 2024/25 to 2028/29 and we will report on it every year.")
    for pid in ("jfp-2024-25", "jfp-2025-26"):
        assert evaluate([doc], load_pack(pid), EvaluateOptions()).plan_year == "2024/25"
