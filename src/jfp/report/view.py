"""What every reporter says the same way: kind order, status words, evidence locations, gaps.

Reporters differ in markup, not in wording; keeping the wording here means the terminal,
Markdown, HTML, SARIF and JUnit outputs never disagree about a location or a gap.
"""
from __future__ import annotations

from pathlib import PurePath

from jfp.gate import fails_gate
from jfp.models import Evidence, Kind, Report, RequirementResult, Status, Strength
from jfp.safe_text import one_line

KINDS: tuple[Kind, ...] = (Kind.statutory, Kind.process, Kind.recommended)
KIND_LABEL = {
    Kind.statutory: "Statutory requirements",
    Kind.process: "Process requirements",
    Kind.recommended: "Recommended content",
}
SYMBOL = {Status.met: "✔", Status.partial: "◐", Status.missing: "✘"}
_STRENGTH_RANK = {Strength.commitment: 0, Strength.statement: 1, Strength.mention: 2}


def by_kind(report: Report) -> list[tuple[Kind, list[RequirementResult]]]:
    """Results grouped by kind in catalogue order, rule-pack order within a kind, empty kinds dropped."""
    groups = [(k, [r for r in report.results if r.kind is k]) for k in KINDS]
    return [(k, rs) for k, rs in groups if rs]


def status_word(result: RequirementResult) -> str:
    """"met", "partial", "missing", or "waived" when an accepted gap."""
    return "waived" if result.waived else result.status.value


def status_label(result: RequirementResult) -> str:
    """Symbol and word, e.g. "◐ partial"; the symbol keeps the real status when waived."""
    return f"{SYMBOL[result.status]} {status_word(result)}"


def score_text(value: float) -> str:
    """A score with at most one decimal: 71.5, 80."""
    return f"{value:.1f}".removesuffix(".0")


def clean(text: str) -> str:
    """Text on one line, safe to show: controls and bidi overrides dropped, whitespace runs one space."""
    return one_line(text)


def best_evidence(result: RequirementResult) -> Evidence | None:
    """The strongest quote, earliest in the document among equals."""
    if not result.evidence:
        return None
    return min(result.evidence, key=lambda e: (_STRENGTH_RANK[e.strength], e.paragraph))


def location(evidence: Evidence, short: bool = False) -> str:
    """Where a quote is: "p.23 · 5.3 Research", or "5.3 Research ¶148" where pages are unknown.

    ``short`` keeps only the innermost heading of the section path, for narrow tables.
    """
    section = clean(evidence.section)
    if short:
        section = section.rsplit(" > ", 1)[-1]
    section = section or "(before the first heading)"
    where = f"p.{evidence.page} · {section}" if evidence.page is not None else f"{section} ¶{evidence.paragraph}"
    if evidence.file:
        where = f"{PurePath(evidence.file).name}: {where}"
    return where


def best_location(result: RequirementResult, short: bool = False) -> str:
    """Location of the strongest quote, or "—" when there is none."""
    ev = best_evidence(result)
    return location(ev, short) if ev else "—"


def missing_elements(result: RequirementResult) -> list[str]:
    """Titles of the elements not evidenced, core ones first; optional ones say so."""
    core = [e.title for e in result.elements if not e.found and e.core]
    optional = [f"{e.title} (optional)" for e in result.elements if not e.found and not e.core]
    return core + optional


def gap_parts(result: RequirementResult) -> list[tuple[str, str]]:
    """(label, text) pairs every reporter shows for a gap: Gap, Missing, Add, Guidance (basis)."""
    parts = []
    if result.gap:
        parts.append(("Gap", clean(result.gap)))
    missing = missing_elements(result)
    if missing:
        parts.append(("Missing", "; ".join(clean(m) for m in missing)))
    if result.advice:
        parts.append(("Add", clean(result.advice)))
    if result.guidance:
        basis = clean(result.basis)
        parts.append((f"Guidance ({basis})" if basis else "Guidance", clean(result.guidance)))
    return parts


def gaps(report: Report) -> list[RequirementResult]:
    """Requirements to act on: not met and not waived, gate failures first, then by kind order."""
    todo = [r for r in report.results if r.status is not Status.met and not r.waived]
    rank = {k: i for i, k in enumerate(KINDS)}
    return sorted(todo, key=lambda r: (not fails_gate(r, report.gate.fail_on), rank[r.kind],
                                       r.status is Status.partial))


def gate_word(report: Report) -> str:
    """PASS or FAIL."""
    return "PASS" if report.gate.passed else "FAIL"


def document_name(report: Report) -> str:
    """The checked file's name without its folders."""
    return PurePath(report.document.path).name or report.document.path


def kind_stats(report: Report, kind: Kind) -> tuple[float, int, int]:
    """(mean score, met count, total) of one kind's requirements."""
    rs = [r for r in report.results if r.kind is kind]
    if not rs:
        return 0.0, 0, 0
    return sum(r.score for r in rs) / len(rs), sum(r.status is Status.met for r in rs), len(rs)


def summary_text(report: Report) -> str:
    """"20 met · 6 partial · 4 missing" plus waived count when any."""
    s = report.summary
    text = f"{s.met} met · {s.partial} partial · {s.missing} missing"
    waived = sum(r.waived for r in report.results)
    return text + (f" · {waived} waived" if waived else "")


def gate_text(report: Report) -> str:
    """"FAIL (fail on statutory): missing statutory: S13 research" or "PASS (fail on statutory)"."""
    g = report.gate
    level = f"fail on {g.fail_on}" + (f", fail under {score_text(g.fail_under)}" if g.fail_under is not None else "")
    text = f"{gate_word(report)} ({level})"
    return text + (": " + "; ".join(g.reasons) if g.reasons else "")


def pack_reason(report: Report) -> str | None:
    """Why this rule pack: "plan period 2026/27 to 2030/31 read from the title page"."""
    return clean(report.rulepack.reason) if report.rulepack.reason else None


def not_checked_lines(report: Report) -> list[str]:
    """One line per element left unchecked because its duty is not in force."""
    return [f"{n.code} {n.requirement} · {clean(n.title)}: {clean(n.reason)}" for n in report.not_checked]


def footprint_lines(report: Report) -> list[str]:
    """One line per body of the footprint: covered, or what is missing for it."""
    if report.footprint is None:
        return []
    kinds = {"board": "health and wellbeing board", "trust": "partner trust", "local_authority": "local authority"}
    out = []
    for body in report.footprint.bodies:
        if not body.named:
            state = "not named in the plan"
        elif body.missing_from:
            state = "named, but not in the evidence for " + ", ".join(body.missing_from)
        else:
            state = "covered"
        out.append(f"{clean(body.name)} ({kinds[body.kind]}): {state}")
    return out


def footprint_summary(report: Report) -> str | None:
    """"2 of 3 bodies covered", or None without a footprint."""
    if report.footprint is None:
        return None
    bodies = report.footprint.bodies
    return f"{sum(b.covered for b in bodies)} of {len(bodies)} bodies of the footprint covered"


def config_text(report: Report) -> str:
    """Which config file decided the report, for a header line: its path, or that none applied."""
    return clean(report.config) if report.config else "none (defaults and flags only)"
