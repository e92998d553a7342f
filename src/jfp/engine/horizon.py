"""The plan's own year and the period it covers (P04: the next five years, s.14Z52(1)).

What counts as the plan's own period and how a period is said in words come from the rule
(``HorizonPattern.own_period``, ``in_words``): this module only reads dates and ranges.

Years are counted as NHS financial years by their starting calendar year: 2024/25 is 2024.
A range of financial years "2024/25 to 2028/29" covers 2024..2028; a calendar range
"2023 to 2028" (or "April 2024 to March 2029") is read as the financial years it spans,
2023..2027. Coverage is counted from the plan's own year, so a 2025 refresh that still
says "2023 to 2028" covers three years, not five.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jfp.engine.regex_needs import needs_ignoring_case

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH = f"(?:{_MONTHS})"
_FY = r"(20\d\d)\s*[/\-\u2013]\s*(?:20)?(\d\d)(?!\d)"
_FY_RANGE = re.compile(_FY + r"\s*(?:to|until|through|[-\u2013\u2014])\s*" + _FY)
_CAL_RANGE = re.compile(
    r"(?<![/\d])(?:" + _MONTH + r"\s+)?(20\d\d)\s*(?:to|until|through|[-\u2013\u2014])\s*"
    r"(?:" + _MONTH + r"\s+)?(20\d\d)(?![/\d])",
    re.IGNORECASE,
)
_SINGLE_FY = re.compile(r"(?<![\d/])" + _FY + r"(?![\s]*(?:to|until|[-\u2013\u2014])\s*20\d\d)")
_DATE = re.compile(r"\b(?:\d{1,2}\s+)?(" + _MONTHS + r")\s+(20\d\d)\b", re.IGNORECASE)
_DOC_DATE = re.compile(r"\b(?:draft|version|v\d|published|approved|updated|issued|dated|date)\b", re.I)
# Words that make a stated period another document's ("Rural Wellbeing strategy 2023-2028").
_OTHER_DOCUMENT = re.compile(r"(?<!our )(?<!this )\b(?:strateg(?:y|ies)|jlhws|jhws|assessment|report|act|review)\b", re.I)


@dataclass(frozen=True)
class Span:
    """A period a passage states, in financial-year starting years, inclusive."""

    start: int
    end: int
    text: str

    def covered_from(self, plan_year: int) -> int:
        """How many years of the span fall at or after the plan's year.

        A span that starts after the plan's first year (a target window such as "an 80% cut
        by 2028 to 2032") is not the period the plan covers.
        """
        if self.end < plan_year or self.start > plan_year + 1:
            return 0
        return self.end - max(self.start, plan_year) + 1


def spans_in(text: str) -> list[Span]:
    """Every stated period in a text."""
    out: list[Span] = []
    if "20" not in text:  # cheap exit: most sentences state no year at all
        return out
    taken: list[tuple[int, int]] = []
    for m in _FY_RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if b >= a:
            out.append(Span(a, b, m.group(0)))
            taken.append(m.span())
    for m in _CAL_RANGE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if b > a:
            out.append(Span(a, b - 1, m.group(0)))
    return out


def any_of(sources: list[str]) -> re.Pattern[str] | None:
    """Rule regexes as one case-insensitive alternation, each on word boundaries; None for none."""
    if not sources:
        return None
    return re.compile(r"\b(?:" + "|".join(f"(?:{s})" for s in sources) + r")\b", re.IGNORECASE)


def plan_spans(text: str, own_words: re.Pattern[str] | None, is_title: bool = False) -> list[Span]:
    """The periods a text states for the plan itself (all of them in the document's title).

    Outside the title a period is the plan's own when ``own_words`` (the rule's
    ``own_period``) match near it and nothing marks it as another document's.
    """
    spans = spans_in(text)
    if is_title or not spans:
        return spans
    out = []
    for span in spans:
        at = text.find(span.text)
        before = text[max(0, at - 60) : at]
        after = text[at + len(span.text) : at + len(span.text) + 30]
        near_before = text[max(0, at - 40) : at]
        # A period inside a quoted title ("Healthy Places, Healthy Lives 2024-2029") is that
        # document's, not the plan's.
        quoted = (near_before.count('"') % 2 == 1) or near_before.count("\u201c") > near_before.count("\u201d")
        if quoted or _OTHER_DOCUMENT.search(near_before):
            continue
        if own_words is not None and (own_words.search(before) or own_words.search(after)):
            out.append(span)
    return out


def states_period(text: str, in_words: re.Pattern[str] | None) -> bool:
    """Whether a text states the period in words (the rule's ``in_words``: "the next five years")."""
    if in_words is None:
        return False
    needed = _needed(in_words)
    if needed is not None:
        # The alternation is tried at every character of every own passage; almost none
        # holds a string every match needs ("year"), found in the lower-cased text at C speed.
        low = text.lower()
        for n in needed:
            if n in low:
                break
        else:
            return False
    return bool(in_words.search(text))


@lru_cache(maxsize=64)
def _needed(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    return None if rx.flags & re.VERBOSE else needs_ignoring_case(rx.pattern)


def parse_plan_year(value: str) -> int | None:
    """'2025/26', '2025-26', '2025' -> 2025."""
    m = re.fullmatch(r"\s*(20\d\d)(?:\s*[/\-]\s*(\d\d|20\d\d))?\s*", value)
    return int(m.group(1)) if m else None


_SUBTITLE_LINES = 3  # the first blocks of a document: its title and subtitle
_SUBTITLE_WORDS = 8


def _single_year(text: str) -> int | None:
    """The first single financial year in ``text`` that is not one end of a range ("2025/26",
    not the "2024/25" of "2024/25 to 2028/29")."""
    ranges = [m.span() for m in _FY_RANGE.finditer(text)]
    for m in _SINGLE_FY.finditer(text):
        if not any(s <= m.start() < e for s, e in ranges):
            return int(m.group(1))
    return None


def detect_plan_year(title: str | None, front_texts: list[str]) -> tuple[int | None, str]:
    """The plan's own year from its title and front matter, with where it was read.

    A single financial year in the title ("refresh for 2025/26") wins; otherwise the later of
    the first dated line of the front matter ("Draft v0.9, 20 June 2024": plans are prepared
    before or early in the year they start) and the start of a range in the title.
    """
    title = title or ""
    year = _single_year(title)
    if year is not None:
        return year, f"title '{title}'"
    # A subtitle line just under the title ("Refresh for 2025/26, early draft", which Word
    # joins to the title and Markdown leaves as the next paragraph) names the year as the title does.
    for text in front_texts[:_SUBTITLE_LINES]:
        if len(text.split()) <= _SUBTITLE_WORDS and (year := _single_year(text)) is not None:
            return year, f"title page line '{text}'"
    candidates: list[tuple[int, str]] = []
    for text in front_texts:
        # A document's own date is a short line ("Draft v0.9, 20 June 2024") or says what it
        # dates; "by March 2027" in an opening paragraph is a target, not the plan's date.
        m = _DATE.search(text)
        if m and (len(text.split()) <= 12 or _DOC_DATE.search(text)):
            candidates.append((int(m.group(2)), f"date '{m.group(0)}'"))
            break
    spans = spans_in(title)
    if spans:
        candidates.append((spans[0].start, f"title '{title}'"))
    if not candidates:
        for text in front_texts:
            spans = spans_in(text)
            if spans:
                return spans[0].start, f"'{spans[0].text}'"
        return None, ""
    return max(candidates)
