"""The two models every layer shares: the parsed ``Document`` and the checked ``Report``.

Parsers produce a ``Document``; the engine reads only a ``Document`` and produces a
``Report``; reporters read only a ``Report``. Nothing downstream of a parser knows the
file type, and nothing downstream of the engine knows the document's text beyond the
evidence quotes the report carries.
"""
from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# --------------------------------------------------------------------------- document

DocumentFormat = Literal["docx", "pdf", "markdown", "text"]
BlockKind = Literal["paragraph", "list_item", "table"]


class _Frozen(BaseModel):
    # defer_build: a model's validator is built when first used, so `jfp outline` does not
    # pay for the report models at start-up.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class DocWarning(_Frozen):
    """Something the reader should know about how the document was read."""

    code: str  # e.g. "garbled-text", "no-text-layer", "needs-ocr", "no-headings"
    message: str
    page: int | None = None


class Block(_Frozen):
    """One paragraph, list item or table, in reading order."""

    kind: BlockKind
    text: str  # tables: one line per row, cells joined by " | "
    index: int  # stable 0-based position of the block in the whole document
    page: int | None = None  # 1-based; None where the format gives no pages (most DOCX)
    rows: list[list[str]] | None = None  # tables only: rows of cell texts, merged cells once
    style: str | None = None  # source style name where there is one (DOCX, Markdown)
    line: int | None = None  # 1-based source line where the block starts (Markdown, text)
    source: int | None = None  # DOCX: the paragraph's position in the body (see Section.source)


class Section(_Frozen):
    """A heading and everything under it until the next heading of the same or higher level."""

    heading: str  # "" for the preamble before the first heading
    level: int  # 0 for the preamble, 1 for top-level headings, ...
    path: list[str]  # heading texts from the top-level ancestor down to this section
    page_start: int | None = None
    page_end: int | None = None
    blocks: list[Block] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)
    # DOCX: where the heading came from, the 0-based position of its w:p among every w:p of
    # w:body in document order (a table's block: its first paragraph's); None in other formats.
    source: int | None = None

    @property
    def heading_path(self) -> str:
        """The path as people read it: "4 Developing the plan > 4.1 Consultation"."""
        return " > ".join(p for p in self.path if p)

    def walk(self) -> Iterator[Section]:
        """This section, then its descendants depth-first in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class DocumentMeta(_Frozen):
    """What a document is, independent of its content."""

    path: str
    format: DocumentFormat
    sha256: str
    size_bytes: int
    pages: int | None = None
    words: int = 0
    title: str | None = None


class Document(_Frozen):
    """A parsed plan: metadata, warnings and an ordered tree of sections."""

    meta: DocumentMeta
    warnings: list[DocWarning] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    def iter_sections(self) -> Iterator[Section]:
        """Every section depth-first in document order."""
        for section in self.sections:
            yield from section.walk()

    def iter_blocks(self) -> Iterator[tuple[Section, Block]]:
        """Every block with the section that holds it, in document order."""
        for section in self.iter_sections():
            for block in section.blocks:
                yield section, block

    @property
    def section_count(self) -> int:
        """Sections with a heading (the preamble does not count)."""
        return sum(1 for s in self.iter_sections() if s.level > 0)


# --------------------------------------------------------------------------- report


class Kind(str, Enum):
    """How a requirement is weighed (requirements.md)."""

    statutory = "statutory"
    process = "process"
    recommended = "recommended"


class Status(str, Enum):
    """The three status words of requirements.md."""

    met = "met"
    partial = "partial"
    missing = "missing"


class Strength(str, Enum):
    """How strongly a passage evidences an element, strongest first."""

    commitment = "commitment"  # the plan's own step, arrangement, target, date or partner
    statement = "statement"  # the plan describes the topic as its own, without a concrete step
    mention = "mention"  # names the topic only, or vague intent ("we will explore")


class Evidence(_Frozen):
    """A located quote from the plan that supports one element of a requirement."""

    text: str
    section: str  # heading path of the section holding the quote
    page: int | None = None
    paragraph: int  # Block.index
    strength: Strength
    element: str | None = None
    file: str | None = None  # set when several files are checked as one submission
    line: int | None = None  # 1-based source line of the quote's block (Markdown, text)


class ElementResult(_Frozen):
    """Whether one element of a requirement was evidenced."""

    id: str
    title: str
    found: bool
    strength: Strength | None = None
    core: bool = True
    # Checked per body (--hwb, --trust): the bodies its evidence does not name. Left out of
    # JSON when empty.
    missing_bodies: list[str] = Field(default_factory=list)


class RequirementResult(_Frozen):
    """One requirement's status, score, evidence and what to add."""

    id: str
    code: str
    title: str
    kind: Kind
    status: Status
    score: float
    elements: list[ElementResult] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)  # the strongest 1-3 quotes
    hits: list[Evidence] = Field(default_factory=list)  # every hit, for --verbose
    gap: str | None = None  # one sentence: what is missing
    advice: str | None = None  # what to add, in the guidance's terms
    basis: str = ""  # the statutory source
    guidance: str = ""  # the guidance's own text of what the plan must contain
    waived: bool = False
    waiver_reason: str | None = None
    waiver_expires: str | None = None


class DocumentSummary(_Frozen):
    """The report's view of the document checked (no body text)."""

    path: str
    format: DocumentFormat
    sha256: str
    pages: int | None = None
    words: int = 0
    sections: int = 0
    title: str | None = None
    warnings: list[DocWarning] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)  # several files checked as one submission


class RulePackInfo(_Frozen):
    """Which rule pack produced the report, and why that one (jfp.engine.select)."""

    id: str
    title: str
    version: str
    # Why this pack: "given with --rules", or what was read from the plan ("plan period
    # 2026/27 to 2030/31 read from the title page"). Left out of JSON when unset.
    reason: str | None = None


class NotChecked(_Frozen):
    """An element left unchecked because the duty it depends on is not in force."""

    requirement: str  # requirement id
    code: str
    element: str  # element id
    title: str
    commencement: str  # "2027-04-01" or "unconfirmed"
    reason: str  # one sentence: why it was not checked and how to check it


class FootprintBody(_Frozen):
    """One body of the ICB's footprint and whether the plan covers it."""

    name: str
    kind: Literal["board", "trust", "local_authority"]
    named: bool  # the plan names the body anywhere
    # Requirements checked per body whose evidence does not name this body.
    missing_from: list[str] = Field(default_factory=list)

    @property
    def covered(self) -> bool:
        """Named, and named in the evidence of every requirement checked per body."""
        return self.named and not self.missing_from


class Footprint(_Frozen):
    """The footprint the plan was checked against (--hwb, --trust, [footprint])."""

    bodies: list[FootprintBody] = Field(default_factory=list)


class ToolInfo(_Frozen):
    """The checker's name and version."""

    name: str = "jfp"
    version: str


class StatusCounts(_Frozen):
    """How many requirements got each status."""

    met: int = 0
    partial: int = 0
    missing: int = 0


class Gate(_Frozen):
    """The configured CI gate and its outcome."""

    fail_on: Literal["statutory", "process", "any", "none"] = "statutory"
    fail_under: float | None = None
    passed: bool = True
    reasons: list[str] = Field(default_factory=list)


class Report(_Frozen):
    """The result of checking one plan: the JSON contract of report-contract.md."""

    schema_version: str = "1"
    tool: ToolInfo
    document: DocumentSummary
    rulepack: RulePackInfo
    score: float
    summary: StatusCounts
    results: list[RequirementResult]
    gate: Gate = Field(default_factory=Gate)
    plan_year: str | None = None  # e.g. "2025/26", as read from the plan or given
    config: str | None = None  # the config file that applied (jfp.toml or pyproject.toml); None: none did
    warnings: list[str] = Field(default_factory=list)  # run warnings, e.g. an expired waiver
    # Elements not checked because their duty is not in force (jfp.engine.commencement).
    not_checked: list[NotChecked] = Field(default_factory=list)
    # The bodies of the footprint and which are covered; None when no footprint was given.
    footprint: Footprint | None = None
