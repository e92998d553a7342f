"""A realistic synthetic ``Report`` for reporter, gate and golden tests (a helper, not a test module).

It carries the 30 requirement ids, codes and kinds of requirements.md in mixed statuses,
evidence with and without pages, a waiver-ready gap, and hostile document text
(script tags, quotes, spreadsheet formulas, Rich markup, XML-invalid control characters,
Markdown syntax, unicode) so every reporter is tested against text it must escape.
"""
from __future__ import annotations

from datetime import date

from jfp import __version__
from jfp.models import (
    DocumentSummary,
    DocWarning,
    ElementResult,
    Evidence,
    Kind,
    Report,
    RequirementResult,
    RulePackInfo,
    Status,
    StatusCounts,
    Strength,
    ToolInfo,
)

# Strings a reporter must render as inert text.
SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
FORMULA = '=HYPERLINK("http://evil.example/x","click me")'
RICH = "[bold red]not markup[/bold red]"
MARKDOWN = "| pipe | and `code` and **bold** and [link](http://evil.example) @everyone"
CONTROL = "form\x0cfeed and bell\x07 and ]]> end"
UNICODE = "Gwasanaethau Iechyd — Ŵ ŷ ‘smart quotes’ 🏥 \u202eRTL"

TITLE = f'Kestrel ICB "Joint Forward Plan" 2025/26 {SCRIPT}'

# code, id, kind, basis, title, guidance, element titles
CATALOGUE: list[tuple[str, str, str, str, str, str, list[str]]] = [
    ("S01", "integration", "statutory", "NHS Act 2006 s.14Z42", "Duty to promote integration",
     "Describe how health, social care and health-related services are integrated.",
     ["Provider collaboratives", "Integrated neighbourhood teams", "Integration ambitions"]),
    ("S02", "health-services", "statutory", "s.14Z52(2)(a)", "Health services to be arranged",
     "Describe the health services the ICB proposes to arrange.",
     ["Physical health needs met", "Mental health needs met"]),
    ("S03", "wider-effects", "statutory", "s.14Z43", "Duty to consider wider effects of decisions",
     "Explain how the triple aim shaped the plan and is embedded in decision-making.",
     ["Triple aim named", "Embedded in decision-making"]),
    ("S04", "jlhws", "statutory", "s.14Z52(2)(c); LGPIHA 2007 s.116B(1)",
     "Implementing each joint local health and wellbeing strategy",
     "Set out the steps to implement each relevant JLHWS.",
     ["Each JLHWS named", "Steps per strategy"]),
    ("S05", "financial-duties", "statutory", "ss.223GB-223N", "Financial duties",
     "Explain how the financial duties will be discharged.",
     ["Expenditure within resources", "Efficiency and productivity", "Estate"]),
    ("S06", "quality", "statutory", "s.14Z34", "Duty to improve quality",
     "Set quality objectives with aligned process and outcome metrics.",
     ["Quality objectives", "Core20PLUS5", "Metrics"]),
    ("S07", "inequalities", "statutory", "s.14Z35; Equality Act 2010 s.149",
     "Duty to reduce inequalities",
     "Show how inequalities in access and outcomes will be reduced.",
     ["Access inequalities", "Outcome inequalities"]),
    ("S08", "patient-involvement", "statutory", "s.14Z36", "Duty to promote patient involvement",
     "Describe the Comprehensive model of personalised care.",
     ["Personalised care", "Shared decision-making"]),
    ("S09", "public-involvement", "statutory", "s.14Z45", "Duty to involve the public",
     "Explain how people and communities were engaged in developing the plan.",
     ["Engagement in developing the plan", "Communities facing greatest inequalities",
      "Neighbourhood and place informs decisions"]),
    ("S10", "patient-choice", "statutory", "s.14Z37", "Duty as to patient choice",
     "Explain how choice is upheld, publicised and promoted.",
     ["Legal rights to choice upheld", "Choices publicised"]),
    ("S11", "advice", "statutory", "s.14Z38", "Duty to obtain appropriate advice",
     "Set out the strategy for seeking clinical and public health advice.",
     ["Clinical advice", "Public health advice"]),
    ("S12", "innovation", "statutory", "s.14Z39", "Duty to promote innovation",
     "Describe adoption and spread of proven innovation with health innovation networks.",
     ["Adoption and spread", "Health innovation network"]),
    ("S13", "research", "statutory", "s.14Z40", "Duty in respect of research",
     "Facilitate research and the use of research evidence, including the research needs "
     "of diverse communities.",
     ["Research delivery", "Research workforce", "Research needs of diverse communities"]),
    ("S14", "education-training", "statutory", "s.14Z41", "Duty to promote education and training",
     "Use education and training as a lever of an integrated workforce plan.",
     ["Education and training", "Role of trainees"]),
    ("S15", "climate-change", "statutory", "s.14Z44", "Duty as to climate change",
     "Deliver against Delivering a Net Zero NHS and the green plan; adapt to climate impacts.",
     ["Net zero delivery", "Green plan alignment", "Climate adaptation"]),
    ("S16", "abuse-victims", "statutory", "s.14Z52(2)(e); Domestic Abuse Act 2021",
     "Needs of victims of abuse",
     "Set out steps to address the particular needs of victims of abuse.",
     ["Domestic abuse", "Safeguarding", "Staff who are victims"]),
    ("S17", "children-young-people", "statutory", "s.14Z52(2)(d)",
     "Needs of children and young people under 25",
     "Set out steps for children and young persons under 25.",
     ["Under-25s named", "Steps for children and young people"]),
    ("P01", "consultation-summary", "process", "s.14Z54", "Summary of consultation views",
     "Summarise the views expressed and explain how they were taken into account.",
     ["Views summarised", "How views were taken into account"]),
    ("P02", "hwb-opinion", "process", "s.14Z53", "Health and wellbeing board opinion",
     "State the final opinion of each health and wellbeing board consulted.",
     ["Opinion of each HWB"]),
    ("P03", "equality-duty", "process", "Equality Act 2010 s.149", "Public Sector Equality Duty",
     "Show that the PSED was discharged in developing the plan.",
     ["Equality impact assessment"]),
    ("P04", "five-year-horizon", "process", "s.14Z52(1)", "Five-year horizon",
     "Set out how functions will be exercised over the next five years.",
     ["Five-year period"]),
    ("P05", "delivery-focus", "process", "guidance Principle 3", "Delivery focus",
     "Give specific objectives, trajectories and milestones.",
     ["Objectives", "Trajectories and milestones"]),
    ("R01", "workforce", "recommended", "guidance \"Other content\"", "Workforce",
     "Evidence-based, integrated, inclusive workforce plans.", ["Workforce plan"]),
    ("R02", "performance", "recommended", "guidance \"Other content\"", "Performance ambitions",
     "Performance ambitions with trajectories aligned with operational plans.",
     ["Trajectories"]),
    ("R03", "digital-data", "recommended", "guidance \"Other content\"", "Digital and data",
     "Digital maturity, interoperability and digital inequity.",
     ["Digital maturity", "Digital inequity"]),
    ("R04", "estates", "recommended", "guidance \"Other content\"", "Estates and infrastructure",
     "Stronger, greener, smarter, fairer infrastructure.", ["Infrastructure strategy"]),
    ("R05", "procurement", "recommended", "guidance \"Other content\"", "Procurement and supply chain",
     "Efficiency, aggregation of spend, best value.", ["Aggregated spend", "Best value"]),
    ("R06", "population-health", "recommended", "guidance \"Other content\"",
     "Population health management",
     "Segmentation, demand modelling, data-driven preventative care.", ["Segmentation"]),
    ("R07", "system-development", "recommended", "guidance \"Other content\"", "System development",
     "Governance, role of place and provider collaboratives.", ["Governance"]),
    ("R08", "social-economic", "recommended", "guidance \"Other content\"",
     "Social and economic development",
     "Supporting wider social and economic development; anchor institutions.",
     ["Anchor institutions"]),
]

# Requirements that are not met; everything else is met.
STATUSES: dict[str, Status] = {
    "public-involvement": Status.partial,
    "research": Status.missing,
    "climate-change": Status.missing,
    "abuse-victims": Status.partial,
    "children-young-people": Status.missing,
    "consultation-summary": Status.partial,
    "hwb-opinion": Status.missing,
    "digital-data": Status.missing,
    "procurement": Status.partial,
}

# Evidence for a few requirements carries the hostile strings; sections mix pages and none.
SECTIONS = [
    ("5 Our priorities > 5.1 Integrated care", 12),
    ("5 Our priorities > 5.3 Research and innovation", 23),
    (f"6 Working with people {SCRIPT}", None),
    ("Appendix B: How we meet our duties", 41),
]
HOSTILE_TEXT = {
    "integration": f"We will launch 14 integrated neighbourhood teams by March 2026 {IMG}.",
    "public-involvement": f'We held 32 "listening events"; residents said {FORMULA}.',
    "inequalities": f"Core20PLUS5 steps: {MARKDOWN}",
    "patient-choice": f"Choice is publicised on our website {RICH}.",
    "consultation-summary": f"You said, we did: {CONTROL}",
    "quality": f"Quality objectives agreed with partners {UNICODE}.",
    "jlhws": f"Steps for the Kestrel JLHWS {SCRIPT}",
}

WAIVER_REASON = 'Children\'s plan is annex C <b>"Growing up in Kestrel"</b>; linked in the final version'


def _result(i: int, row: tuple[str, str, str, str, str, str, list[str]]) -> RequirementResult:
    code, rid, kind, basis, title, guidance, element_titles = row
    status = STATUSES.get(rid, Status.met)
    elements = []
    for j, etitle in enumerate(element_titles):
        found = status is Status.met or (status is Status.partial and j == 0)
        elements.append(ElementResult(
            id=f"{rid}-{j + 1}", title=etitle, found=found,
            strength=Strength.commitment if found and status is Status.met
            else (Strength.mention if found else None),
            core=j < 2 or kind != "recommended",
        ))
    evidence: list[Evidence] = []
    hits: list[Evidence] = []
    if status is not Status.missing:
        section, page = SECTIONS[i % len(SECTIONS)]
        text = HOSTILE_TEXT.get(rid, f"We will deliver {title.lower()} through named steps by 2027.")
        strength = Strength.commitment if status is Status.met else Strength.mention
        evidence.append(Evidence(text=text, section=section, page=page, paragraph=100 + i * 7,
                                 strength=strength, element=elements[0].id))
        hits = list(evidence) + [
            Evidence(text=f"{title} is one of our duties.", section="Glossary", page=None,
                     paragraph=900 + i, strength=Strength.mention),
        ]
    found = sum(e.found for e in elements)
    score = {Status.met: 100.0 - (i % 3) * 5, Status.partial: round(40 + 50 * found / len(elements), 1),
             Status.missing: 0.0}[status]
    missing_titles = [e.title.lower() for e in elements if not e.found]
    gap = None
    advice = None
    if status is not Status.met:
        gap = (f"No step addresses {missing_titles[0]}." if status is Status.partial
               else f"Nothing in the plan addresses the {title.lower()}.")
        advice = f"Add the plan's own steps for {', '.join(missing_titles)}, with owners and dates."
    return RequirementResult(
        id=rid, code=code, title=title, kind=Kind(kind), status=status, score=score,
        elements=elements, evidence=evidence, hits=hits, gap=gap, advice=advice,
        basis=basis, guidance=guidance,
    )


def make_report() -> Report:
    """The synthetic report as the engine would return it: no waivers applied, gate not evaluated."""
    results = [_result(i, row) for i, row in enumerate(CATALOGUE)]
    weights = {Kind.statutory: 3, Kind.process: 2, Kind.recommended: 1}
    total = sum(weights[r.kind] for r in results)
    score = round(sum(r.score * weights[r.kind] for r in results) / total, 1)
    counts = StatusCounts(
        met=sum(r.status is Status.met for r in results),
        partial=sum(r.status is Status.partial for r in results),
        missing=sum(r.status is Status.missing for r in results),
    )
    return Report(
        tool=ToolInfo(version=__version__),
        document=DocumentSummary(
            path="plans/kestrel <draft> & \"final\".docx", format="docx",
            sha256="9f2c" * 16, pages=48, words=18250, sections=37, title=TITLE,
            warnings=[
                DocWarning(code="garbled-text", message=f"Page 12 text looks garbled: {SCRIPT}",
                           page=12),
                DocWarning(code="no-text-layer", message="Page 40 is a scanned image.", page=40),
            ],
        ),
        rulepack=RulePackInfo(id="jfp-2024-25", title="NHS England JFP guidance 2024/25",
                              version="2024.1"),
        score=score, summary=counts, results=results, plan_year="2025/26",
    )


TODAY = date(2026, 3, 1)


def make_waivers() -> list:
    """A valid waiver, an expired one and one for an unknown id."""
    from jfp.config import Waiver

    return [
        Waiver(id="children-young-people", reason=WAIVER_REASON, expires=date(2026, 6, 30)),
        Waiver(id="digital-data", reason="Digital strategy due in May", expires=date(2026, 1, 31)),
        Waiver(id="no-such-requirement", reason="typo in config"),
    ]


def make_checked_report(fail_on: str = "statutory", fail_under: float | None = None) -> Report:
    """The synthetic report after waivers (as of ``TODAY``) and the gate, as the CLI would render it."""
    from jfp.gate import apply_waivers, evaluate_gate

    report = apply_waivers(make_report(), make_waivers(), TODAY)
    return evaluate_gate(report, fail_on, fail_under)


def make_minimal_report() -> Report:
    """A bare report: Markdown plan, no pages, no warnings, one met requirement without evidence."""
    return Report(
        tool=ToolInfo(version=__version__),
        document=DocumentSummary(path="plan.md", format="markdown", sha256="0" * 64),
        rulepack=RulePackInfo(id="tiny", title="Tiny", version="1"),
        score=100.0, summary=StatusCounts(met=1),
        results=[RequirementResult(id="integration", code="S01", title="Integration",
                                   kind=Kind.statutory, status=Status.met, score=100.0)],
    )
