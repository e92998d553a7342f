"""The rule-pack schema: what a pack.yaml and each requirement's YAML file may contain.

Rules are data. A small closed set of evidence kinds (``phrase``, ``fuzzy``, ``regex``,
``near``, ``heading``, ``horizon``) is picked by a ``kind:`` key; unknown keys are refused,
so a typo in a rule file is an error naming the file, rule and key, not a silent no-op.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jfp.models import Kind, Strength

StrengthName = Literal["commitment", "statement", "mention"]


class _Strict(BaseModel):
    # Validators are built on first use, not at import: a pack read from the cache
    # (jfp.engine.cache) is never validated again, so a run need not build them at all.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _PatternBase(_Strict):
    # A passage that also contains one of these phrases is not matched by this pattern
    # (e.g. "sustainable use of resources" is money, not climate).
    exclude: list[str] = Field(default_factory=list)
    # Only passages in sections whose heading path contains one of these phrases.
    in_heading: list[str] = Field(default_factory=list)
    # Cap the strength of evidence this pattern can give (weak, topical patterns).
    max_strength: StrengthName | None = None
    # Reported views ("people told us ...", an engagement section) count for this pattern;
    # by default they are not evidence, since they are not the plan's own content.
    reported: bool = False


class PhrasePattern(_PatternBase):
    """Any of the phrases, on word boundaries, tolerant of plurals, hyphens and case; ``*`` ends a stem."""

    kind: Literal["phrase"]
    any: list[str] = Field(min_length=1)


class FuzzyPattern(_PatternBase):
    """Any of the phrases, allowing small spelling differences (rapidfuzz, guarded by length and rare words)."""

    kind: Literal["fuzzy"]
    any: list[str] = Field(min_length=1)
    threshold: int = Field(90, ge=70, le=100)


class RegexPattern(_PatternBase):
    """A regular expression over the normalised (lower-case, hyphens as spaces) passage text."""

    kind: Literal["regex"]
    pattern: str


class NearPattern(_PatternBase):
    """One term from each group, all within ``within`` words of each other."""

    kind: Literal["near"]
    terms: list[list[str]] = Field(min_length=2)
    within: int = Field(12, ge=1, le=120)
    # "paragraph": the terms may fall in different sentences of one paragraph (a list of
    # three questions, each its own sentence); the sentences holding the terms are the hits.
    scope: Literal["sentence", "paragraph"] = "sentence"

    @field_validator("terms")
    @classmethod
    def _groups_not_empty(cls, v: list[list[str]]) -> list[list[str]]:
        if any(not group for group in v):
            raise ValueError("every term group needs at least one term")
        return v


class HeadingPattern(_PatternBase):
    """Any own-voice passage in a section whose heading path contains one of the phrases."""

    kind: Literal["heading"]
    any: list[str] = Field(min_length=1)


class HorizonPattern(_PatternBase):
    """The plan's stated period covers ``years`` years counted from the plan's own year.

    Every word that decides it is data here, so that a three-year pack says "three years"
    where a five-year pack says "five years" (docs/rule-authoring.md has both).
    """

    kind: Literal["horizon"]
    years: int = Field(5, ge=1, le=20)
    # A stated period up to this many years short of ``years`` is a mention, not a commitment
    # (a 2025 refresh of a five-year plan still saying "2023 to 2028": 3 of 5 years).
    short_by: int = Field(0, ge=0, le=19)
    # Regular expressions, any of which near a dated period (60 characters before it or 30
    # after) makes it the plan's own: "this plan covers 2024/25 to 2028/29".
    own_period: list[str] = Field(
        default_factory=lambda: ["plan", "covers?", "covering", "period", "horizon", "runs?", "timescale"])
    # Regular expressions for the period stated in words ("over the next five years", "a
    # five-year plan"): a statement for the requirement when no dated period is given.
    in_words: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _short_of_the_period(self) -> HorizonPattern:
        if self.short_by >= self.years:
            raise ValueError(f"short_by ({self.short_by}) must be less than years ({self.years})")
        return self


Pattern = Annotated[
    Union[PhrasePattern, FuzzyPattern, RegexPattern, NearPattern, HeadingPattern, HorizonPattern],
    Field(discriminator="kind"),
]


class Element(_Strict):
    """One thing the guidance says the plan should show for a requirement."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    core: bool = True
    # A topic detector: notices the requirement being named (partial at most) and is never
    # reported as a missing element.
    topic: bool = False
    patterns: list[Pattern] = Field(min_length=1)
    # Evidence must come from at least this many different top-level sections to count as
    # a commitment (delivery focus "runs through the plan"); fewer gives a mention.
    min_sections: int = Field(1, ge=1)
    # ... and from at least this share of the sections that hold any body text.
    min_section_share: float = Field(0.0, ge=0, le=1)
    # With --hwb board names, the element needs evidence naming each board.
    each_board: bool = False
    # With each_board and no --hwb: judge each board the plan itself names in full ("Thorne
    # Valley Health and Wellbeing Board"), so one board's opinion among two is partial.
    boards_named: bool = False
    # The weakest hit that names a body for each_board / each_trust: a step for each board's
    # strategy needs a commitment naming it ("this plan also supports its strategy" is not
    # one); a board's opinion, however guarded, is the opinion (no minimum).
    body_strength: Strength | None = None
    # With --trust partner trust names, the element needs evidence naming each trust.
    each_trust: bool = False
    # The plan saying that part of what the element needs is still to come ("Marlstone
    # Health and Wellbeing Board will consider the plan in July"): any passage of the plan
    # (or a reported one, with reported: true) matching one of these caps the element at a
    # mention, with or without a footprint.
    outstanding: list[Pattern] = Field(default_factory=list)
    advice: str | None = None  # what to add when this element is missing
    # Where the element comes from (a URL or citation): the guidance or law it is read from.
    source: str | None = None
    # The duty this element depends on comes into force on this date ("2027-04-01"), or
    # "unconfirmed": until then it is not checked (jfp.engine.commencement), unless asked
    # with --as-of a date on or after it.
    commencement: str | None = Field(None, pattern=r"^(\d{4}-\d{2}-\d{2}|unconfirmed)$")


class Example(_Strict):
    """A passage that must (``counts: true``) or must not count as evidence for the rule."""

    text: str
    heading: str = "Our plan"
    counts: bool
    element: str | None = None  # with counts: true, the element it must evidence
    strength: StrengthName | None = None  # with counts: true, the exact strongest strength
    note: str | None = None


class MetPolicy(_Strict):
    """When evidence is enough for ``met`` rather than ``partial``."""

    # Share of core elements that need evidence of at least statement strength.
    core_fraction: float = Field(0.5, gt=0, le=1)
    # At least one element must be evidenced by a commitment (the plan's own step).
    needs_commitment: bool = True


class Rule(_Strict):
    """One requirement of the catalogue: its law, guidance, elements and examples."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    code: str = Field(pattern=r"^[A-Z][0-9]{2}$")
    kind: Kind
    title: str
    basis: str
    summary: str
    guidance: str
    aliases: list[str] = Field(default_factory=list)
    # Phrases that, in a section's heading path, show the section is about this requirement:
    # there a passage counts even when the requirement's words are not in its main clause.
    headings: list[str] = Field(default_factory=list)
    # "main-clause": a passage is evidence only when the requirement is what it is about (its
    # main clause, or its section's heading). "anywhere": plan-level requirements (delivery
    # focus, the horizon) read a date or a target wherever it stands. "section": a requirement
    # whose steps are about other topics by nature (a health and wellbeing strategy's priorities
    # are mental health, healthy weight, ...): under a heading that names it, a step counts
    # whatever else its main clause is about.
    about: Literal["main-clause", "section", "anywhere"] = "main-clause"
    elements: list[Element] = Field(min_length=1)
    met: MetPolicy = Field(default_factory=MetPolicy)
    examples: list[Example] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_elements(self) -> Rule:
        ids = [e.id for e in self.elements]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate element ids in rule {self.id}")
        if not any(e.core for e in self.elements):
            raise ValueError(f"rule {self.id} has no core element")
        if any(e.topic and e.core for e in self.elements):
            raise ValueError(f"rule {self.id}: a topic element cannot be core")
        if not any(e.core and e.commencement is None for e in self.elements):
            # Else a rule could be left with nothing to judge before the duty commences.
            raise ValueError(f"rule {self.id} needs a core element that is in force (no commencement)")
        for ex in self.examples:
            if ex.element is not None and ex.element not in ids:
                raise ValueError(f"example names unknown element '{ex.element}'")
        return self


# A vocabulary pattern longer than this is hard to read and review: split it or use terms.
MAX_PATTERN_CHARS = 120


class RuleExtension(_Strict):
    """A rule file that adds to the base pack's rule of the same id instead of replacing it.

    A year's pack can add an element (a refreshed green plan, a duty not yet in force) and
    its examples to a base requirement without copying the base's file: the requirement
    keeps its id, code and meaning, and later changes to the base rule still apply.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    extends_rule: Literal[True]
    # Appended to the base rule's basis ("; Green plan guidance, Feb 2025").
    basis: str | None = None
    elements: list[Element] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)

    @model_validator(mode="after")
    def _additions_are_supporting(self) -> RuleExtension:
        # A core element added to a base requirement would change what "met" means for an id
        # whose meaning is a contract: additions support the score, never decide met.
        if any(e.core for e in self.elements):
            raise ValueError(f"rule {self.id}: an element added to a base rule must be core: false")
        return self


class PackSelection(_Strict):
    """When jfp picks this pack for a plan checked without --rules (jfp.engine.select)."""

    # The plan years the pack is for (the first year of the plan's period), inclusive.
    first_year: str = Field(pattern=r"^\d{4}/\d{2}$")
    last_year: str | None = Field(None, pattern=r"^\d{4}/\d{2}$")
    # Document names in the title or front matter that show a plan is this pack's kind of
    # document ("strategic commissioning plan"), used when the plan's year cannot be read.
    document_names: list[str] = Field(default_factory=list)


class Vocabulary(_Strict):
    """One category of words that decides whose voice a sentence is in, what it is about or how firm it is.

    ``terms`` are lower-case words and phrases, matched as whole words (a space also
    matches a hyphen; ``word*`` matches any word that starts with ``word``; ``#`` matches a
    number). ``patterns`` are short regular expressions for what terms cannot say. Every
    category carries sentences it must (``match``) and must not (``no_match``) find, which
    ``jfp rules test`` and the test suite run through the part of the engine that uses it.
    """

    about: str
    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    match: list[str] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)

    @field_validator("terms")
    @classmethod
    def _terms_plain(cls, v: list[str]) -> list[str]:
        for term in v:
            if not term.strip() or term != term.lower():
                raise ValueError(f"term '{term}' must be non-empty lower-case text")
        return v

    @field_validator("patterns")
    @classmethod
    def _patterns_short(cls, v: list[str]) -> list[str]:
        for pattern in v:
            if len(pattern) > MAX_PATTERN_CHARS:
                raise ValueError(
                    f"pattern '{pattern[:40]}...' is {len(pattern)} characters; keep patterns under "
                    f"{MAX_PATTERN_CHARS} (split it, or use terms)"
                )
        return v


class Context(_Strict):
    """Which sections and tables are never evidence (glossary, contents, duty maps)."""

    glossary_headings: list[str] = Field(default_factory=list)
    contents_headings: list[str] = Field(default_factory=list)
    map_headings: list[str] = Field(default_factory=list)
    map_table_headers: list[list[str]] = Field(default_factory=list)
    reference_headings: list[str] = Field(default_factory=list)
    engagement_headings: list[str] = Field(default_factory=list)  # sections reporting views
    # Sections that tell a story about the ICB (a case study): the ICB in the third person there
    # is written about, not speaking; the plan's own "we" still is.
    case_study_headings: list[str] = Field(default_factory=list)
    risk_table_headers: list[list[str]] = Field(default_factory=list)  # risk logs
    # Context, never evidence: lists of related documents, document control, population profiles.
    related_headings: list[str] = Field(default_factory=list)
    control_headings: list[str] = Field(default_factory=list)
    control_table_headers: list[list[str]] = Field(default_factory=list)
    profile_headings: list[str] = Field(default_factory=list)
    # A delivery table ("What we will do | Lead | Timescale"): its rows are the plan's own steps.
    delivery_table_headers: list[list[str]] = Field(default_factory=list)


class Weights(_Strict):
    """How much each kind weighs in the overall score."""

    statutory: float = 3.0
    process: float = 2.0
    recommended: float = 1.0


class StrengthValues(_Strict):
    """How much each evidence strength is worth in a requirement's score."""

    commitment: float = 1.0
    statement: float = 0.7
    mention: float = 0.3

    def of(self, strength: Strength | None) -> float:
        """Value of a strength (0 for none)."""
        return 0.0 if strength is None else float(getattr(self, strength.value))


class PackFile(_Strict):
    """The pack.yaml of a rule pack directory."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    title: str
    version: str
    extends: str | None = None  # id or path of a base pack
    guidance: str = ""
    default_horizon_start: str | None = None  # e.g. "2024/25" when the plan's year can't be read
    order: list[str] = Field(default_factory=list)  # requirement ids in report order
    remove: list[str] = Field(default_factory=list)  # base-pack requirements this pack drops
    acronyms: dict[str, str] = Field(default_factory=dict)
    selects: PackSelection | None = None  # when to pick this pack for a plan without --rules
    vocabulary: dict[str, Vocabulary] | None = None
    context: Context | None = None
    weights: Weights | None = None
    strengths: StrengthValues | None = None
