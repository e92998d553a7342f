"""From documents to a gated Report: evaluate, waive, gate. Pure.

``check`` and ``batch`` both go through ``check_documents``, so a plan gets the same answer
whichever command checked it. Nothing here starts a process or sets a limit: the runner
(``jfp.runner``) decides where this runs, and passes the mappers that may share its
independent tasks with other processes.
"""
from __future__ import annotations

from datetime import date

from jfp.mapper import serial
from jfp.models import Document, Report
from jfp.options import Options

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jfp.engine.loader import RulePack
    from jfp.mapper import Mapper


def load_pack(options: Options) -> RulePack:
    """The rule pack ``options`` asks for; UsageError (exit 2) when it is unknown or invalid."""
    from jfp.engine.loader import load_pack as load

    return load(options.rules)


def check_documents(docs: list[Document], pack: RulePack, options: Options, mapper: Mapper = serial) -> Report:
    """Check parsed documents (one submission) and apply the waivers and the gate."""
    from jfp.engine.evaluate import EvaluateOptions, evaluate
    from jfp.gate import apply_waivers, evaluate_gate

    from jfp.engine.commencement import pack_in_force
    from jfp.engine.footprint import Bodies, footprint

    pack, reason = _choose_pack(docs, pack, options)
    today = options.today or date.today()
    pack, not_checked = pack_in_force(pack, options.as_of or today)
    facts = EvaluateOptions(hwb=options.hwb, trusts=options.trusts, plan_year=options.plan_year,
                            collect_hits=options.verbose)
    report = with_source_lines(evaluate(docs, pack, facts, mapper), docs)
    bodies = Bodies(boards=options.hwb, trusts=options.trusts, local_authorities=options.local_authorities)
    report = report.model_copy(update={
        "rulepack": report.rulepack.model_copy(update={"reason": reason}),
        "not_checked": not_checked,
        "footprint": footprint(docs, report, bodies),
    })
    report = apply_waivers(report, list(options.waivers), today)
    if options.config is not None:  # every report says whose settings decided it
        report = report.model_copy(update={"config": options.config})
    return evaluate_gate(report, options.fail_on.value, options.fail_under)


def _choose_pack(docs: list[Document], pack: RulePack, options: Options) -> tuple[RulePack, str]:
    """The pack to check with and why: the one asked for, or the one the plan's period and title pick."""
    from jfp.engine.loader import DEFAULT_PACK
    from jfp.engine.loader import load_pack as load
    from jfp.engine.select import choose

    if options.rules is not None:
        return pack, f"asked for ({options.rules})"
    if pack.id != DEFAULT_PACK:  # a library caller's own pack
        return pack, "given by the caller"
    choice = choose(docs)
    return (pack if choice.pack == pack.id else load(choice.pack)), choice.reason


def with_source_lines(report: Report, docs: list[Document]) -> Report:
    """The report with each quote's source line, where the document has lines (Markdown,
    text): SARIF points its alerts there. A quote's block is its ``paragraph`` (Block.index)
    in its ``file`` (the only document when it has none)."""
    lines = {(doc.meta.path, block.index): block.line
             for doc in docs for _, block in doc.iter_blocks() if block.line is not None}
    if not lines:
        return report
    first = docs[0].meta.path

    def placed(quotes):
        return [q.model_copy(update={"line": lines.get((q.file or first, q.paragraph))}) for q in quotes]

    results = [r.model_copy(update={"evidence": placed(r.evidence), "hits": placed(r.hits)}) for r in report.results]
    return report.model_copy(update={"results": results})
