"""The evidence pattern kinds, matched against an indexed set of passages.

Each pattern first narrows the passages to candidates through a word index (by the rarest
word of each phrase), then confirms on the normalised text (see ``engine/text.py``), so a
150-page plan is matched in milliseconds per pattern.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from jfp.engine.regex_needs import analyse, same_without_ignorecase
from jfp.engine.schema import (
    FuzzyPattern,
    HeadingPattern,
    NearPattern,
    Pattern,
    PhrasePattern,
    RegexPattern,
)

from jfp.engine.text import (  # noqa: F401  (re-exported: the engine's text API lives there)
    STOPWORDS,
    PhraseSet,
    make_acronym_expander,
    normalise,
    phrase_regex,
    phrase_words,
    stem,
)


@dataclass
class Passage:
    """A sentence or table row with where it came from and how strongly it can evidence."""

    id: int
    text: str
    norm: str
    section: str
    heading_norm: str
    top_section: str
    paragraph: int
    page: int | None
    file: str | None
    context: str  # body, glossary, contents, map, references
    strength: str | None  # commitment, statement, mention, or None: never evidence
    reason: str = ""  # why strength is None or capped (restated, placeholder, glossary...)
    reported: bool = False  # reports others' views ("people told us"): a mention for most rules
    voice: str = "own"  # own, other, views, or "" (no voice of its own: headings, titles, skipped text)
    focus: str = ""  # the normalised main clause: what the passage is about ("" = the whole text)
    leaf_norm: str = ""  # the normalised heading of the passage's own section (the last of its path)
    core: str = ""  # the normalised main clause without its long lists ("" = the same as focus)
    head: str = ""  # the subject and verb phrase, plain (normalised when asked: evaluate's head_norm)
    header_norm: str = ""  # a table row's column headings, normalised ("what we heard what we did")


_NO_IDS: frozenset[int] = frozenset()


@dataclass
class PassageIndex:
    """Passages with a word -> passage-ids index for candidate narrowing."""

    passages: Sequence[Passage]
    index: dict[str, set[int]] = field(default_factory=dict)
    _keys: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.paragraph_of: dict[int, tuple[str | None, int]] = {}
        self.paragraphs: dict[tuple[str | None, int], list[int]] = {}
        index = self.index
        for p in self.passages:
            for w in set(p.norm.split()):
                ids = index.get(w)
                if ids is None:
                    index[w] = {p.id}  # not setdefault(w, set()): that builds a set for every word
                else:
                    ids.add(p.id)
            if p.reason not in ("heading", "title"):
                key = (p.file, p.paragraph)
                self.paragraph_of[p.id] = key
                self.paragraphs.setdefault(key, []).append(p.id)
        self._keys = sorted(self.index)

    @property
    def keys(self) -> list[str]:
        """Every distinct word in the passages, sorted."""
        return self._keys

    def with_word(self, word: str) -> set[int]:
        """Passages that contain the word (or, for ``stem*``, any word starting with the stem)."""
        return set(self._ids(word))

    def _ids(self, word: str) -> set[int] | frozenset[int]:
        """``with_word`` without copying the index's own set: only to read (a common word's set
        holds most passages, and candidates read one set of each phrase's words)."""
        if word.endswith("*"):
            prefix = word[:-1]
            out: set[int] = set()
            i = bisect_left(self._keys, prefix)
            while i < len(self._keys) and self._keys[i].startswith(prefix):
                out |= self.index[self._keys[i]]
                i += 1
            return out
        return self.index.get(stem(word), _NO_IDS)

    def candidates(self, phrases: Iterable[str]) -> set[int]:
        """Passages that could match any phrase: each phrase's rarest word must be present."""
        out: set[int] = set()
        for ph in phrases:
            words = phrase_words(ph) or []
            best: set[int] | None = None
            for w in words:
                ids = self._ids(w)
                if best is None or len(ids) < len(best):
                    best = ids
                if not best:
                    break
            if best:
                out |= best
            if len(words) == 2 and not any(w.endswith("*") for w in words) and len(words[0]) + len(words[1]) >= 8:
                out |= self._ids(words[0] + words[1])  # "case finding" written "casefinding"
        return out


class Matcher:
    """A compiled pattern: ``find(index)`` returns the ids of matching passages."""

    def __init__(self, pattern: Pattern) -> None:
        self.pattern = pattern
        self.exclude = phrase_regex(pattern.exclude) if pattern.exclude else None
        self.in_heading = phrase_regex(pattern.in_heading) if pattern.in_heading else None
        self._headings_seen: dict[tuple[str, str], bool] = {}

    def _allowed(self, p: Passage) -> bool:
        if self.exclude is not None and self.exclude.search(p.norm):
            return False
        return self.in_heading is None or self._under_heading(p)

    def _under_heading(self, p: Passage) -> bool:
        """Whether the passage sits under one of ``in_heading``'s headings; a table's column
        headings head its rows too ("Action | Lead | Milestone"). Decided once per heading."""
        key = (p.heading_norm, p.header_norm)
        hit = self._headings_seen.get(key)
        if hit is None:
            hit = self._headings_seen[key] = bool(self.in_heading.search(p.heading_norm)
                                                  or (p.header_norm and self.in_heading.search(p.header_norm)))
        return hit

    def find(self, index: PassageIndex) -> list[int]:
        """Ids of passages matched by this pattern, in document order."""
        raise NotImplementedError

    def matches(self, norm: str) -> bool:
        """Whether the pattern matches one normalised text (a passage's main clause)."""
        return True


class PhraseMatcher(Matcher):
    """``kind: phrase``."""

    def __init__(self, pattern: PhrasePattern) -> None:
        super().__init__(pattern)
        self.phrases = pattern.any
        self.rx = phrase_regex(pattern.any)

    def find(self, index: PassageIndex) -> list[int]:
        ps = index.passages
        return sorted(i for i in index.candidates(self.phrases) if self.rx.search(ps[i].norm) and self._allowed(ps[i]))

    def matches(self, norm: str) -> bool:
        return self.rx.search(norm)


class RegexMatcher(Matcher):
    """``kind: regex`` over the normalised text."""

    def __init__(self, pattern: RegexPattern) -> None:
        super().__init__(pattern)
        self.rx = re.compile(pattern.pattern, re.IGNORECASE)
        # Normalised text is lower case, and mostly ASCII: there, a pattern with no upper-case
        # or non-ASCII literal matches as it does ignoring case, ~4x faster for one led by an
        # alternation of words (delivery-focus's dates: 16 ms -> 4 ms on the 120-page plan).
        self._exact = re.compile(pattern.pattern) if same_without_ignorecase(pattern.pattern) else None
        # Literal strings a match must hold (one of each group), read from the pattern once: most
        # passages are ruled out by a substring test instead of a search. Only for patterns that
        # match as they would ignoring case (normalised text is lower case).
        self._required = analyse(pattern.pattern)[1] if self._exact is not None else []

    def _search(self, norm: str):
        if self._exact is not None and norm.isascii() and norm.islower():
            return self._exact.search(norm)
        return self.rx.search(norm)

    def _may_match(self, norm: str) -> bool:
        """Whether the text holds one string of each of the pattern's requirements (False: no
        match is possible, so no search)."""
        for one_of in self._required:
            if not any(n in norm for n in one_of):
                return False
        return True

    def find(self, index: PassageIndex) -> list[int]:
        # The heading first when the pattern is limited to some: one cached lookup per passage,
        # where the search is a scan of its text.
        ps = index.passages if self.in_heading is None else [p for p in index.passages if self._under_heading(p)]
        return [p.id for p in ps if self._may_match(p.norm) and self._search(p.norm) and self._allowed(p)]

    def matches(self, norm: str) -> bool:
        return self._search(norm) is not None


class NearMatcher(Matcher):
    """``kind: near``: one term of each group within N words."""

    def __init__(self, pattern: NearPattern) -> None:
        super().__init__(pattern)
        self.groups = pattern.terms
        self.rxs = [phrase_regex(g) for g in pattern.terms]
        self.within = pattern.within

    @staticmethod
    def _positions(rx: PhraseSet, norm: str) -> list[int]:
        return rx.positions(norm)

    def find(self, index: PassageIndex) -> list[int]:
        if self.pattern.scope == "paragraph":
            return self._find_in_paragraphs(index)
        ids: set[int] | None = None
        for group in self.groups:
            c = index.candidates(group)
            ids = c if ids is None else ids & c
            if not ids:
                return []
        out = []
        for i in sorted(ids or ()):
            p = index.passages[i]
            # matches() stops at the first group with no term in the passage.
            if self.matches(p.norm) and self._allowed(p):
                out.append(i)
        return out

    def matches(self, norm: str) -> bool:
        positions = []
        for rx in self.rxs:  # a group with no term in the text settles it
            found = rx.positions(norm)
            if not found:
                return False
            positions.append(found)
        return _within(positions, self.within)

    def _find_in_paragraphs(self, index: PassageIndex) -> list[int]:
        keys: set[tuple[str | None, int]] | None = None
        for group in self.groups:
            c = {index.paragraph_of[i] for i in index.candidates(group) if i in index.paragraph_of}
            keys = c if keys is None else keys & c
            if not keys:
                return []
        out: list[int] = []
        for key in sorted(keys or (), key=lambda k: (k[0] or "", k[1])):
            members = [index.passages[i] for i in index.paragraphs[key]]
            if not all(self._allowed(p) for p in members):
                continue
            joined = " " + " ".join(p.norm.strip() for p in members) + " "
            positions = [self._positions(rx, joined) for rx in self.rxs]
            if all(positions) and _within(positions, self.within):
                out += [p.id for p in members if any(rx.search(p.norm) for rx in self.rxs)]
        return out


def _within(positions: list[list[int]], span: int) -> bool:
    # The nearest candidates come from a binary search over sorted positions (a linear
    # scan per anchor is quadratic on a hostile paragraph full of the terms). A term of
    # another group at the very same word is the same word matched twice ("integrated" in
    # "integrated care strategy"), not a second term near the first.
    others = [sorted(other) for other in positions[1:]]
    for a in positions[0]:
        if all(_near(other, a, span) for other in others):
            return True
    return False


def _near(other: list[int], a: int, span: int) -> bool:
    i = bisect_left(other, a - span)
    while i < len(other) and other[i] <= a + span:
        if other[i] != a:
            return True
        i += 1
    return False


class FuzzyMatcher(Matcher):
    """``kind: fuzzy``: near-spellings of a phrase, guarded against short-passage false hits.

    rapidfuzz's partial_ratio scores a short passage found inside a long phrase as a near
    perfect match, so candidates must be at least as long as the phrase and contain most
    of its distinctive words; candidates are first narrowed by the phrase's rarest word.
    """

    def __init__(self, pattern: FuzzyPattern) -> None:
        super().__init__(pattern)
        self.threshold = pattern.threshold
        self.phrases = [(ph, normalise(ph).strip()) for ph in pattern.any]

    def find(self, index: PassageIndex) -> list[int]:
        out: set[int] = set()
        for raw, norm in self.phrases:
            distinctive = [w for w in norm.split() if w not in STOPWORDS and len(w) > 2]
            if not distinctive:
                continue
            rare = min(distinctive, key=lambda w: len(index._ids(w)) or 10**9)
            cands = set(index.with_word(rare))
            # The rarest word may itself be misspelt in the plan: take its near-spellings too.
            for key, _, _ in process.extract(rare, index.keys, scorer=fuzz.ratio, score_cutoff=80, limit=None):
                cands |= index._ids(key)
            for i in cands:
                p = index.passages[i]
                text = p.norm.strip()
                if len(text) < 0.9 * len(norm):
                    continue
                words = set(text.split())
                present = sum(1 for w in distinctive if w in words or w.rstrip("s") in words)
                if present < max(1, round(0.6 * len(distinctive))):
                    continue
                if fuzz.partial_ratio(norm, text, score_cutoff=self.threshold) and self._allowed(p):
                    out.add(i)
        return sorted(out)


class HeadingMatcher(Matcher):
    """``kind: heading``: passages in a section whose heading path names the topic."""

    def __init__(self, pattern: HeadingPattern) -> None:
        super().__init__(pattern)
        self.rx = phrase_regex(pattern.any)

    def find(self, index: PassageIndex) -> list[int]:
        hits: dict[str, bool] = {}
        out = []
        for p in index.passages:
            ok = hits.get(p.heading_norm)
            if ok is None:
                ok = hits[p.heading_norm] = bool(self.rx.search(p.heading_norm))
            if ok and self._allowed(p):
                out.append(p.id)
        return out


_MATCHERS = {
    "phrase": PhraseMatcher,
    "regex": RegexMatcher,
    "near": NearMatcher,
    "fuzzy": FuzzyMatcher,
    "heading": HeadingMatcher,
}


_COMPILED: dict[int, tuple[Pattern, Matcher]] = {}


def compile_pattern(pattern: Pattern) -> Matcher:
    """The matcher for a pattern, compiled once per pattern object of a loaded pack."""
    if pattern.kind not in _MATCHERS:
        raise ValueError(f"pattern kind '{pattern.kind}' is evaluated by the engine, not a matcher")
    hit = _COMPILED.get(id(pattern))
    if hit is not None and hit[0] is pattern:
        return hit[1]
    matcher = _MATCHERS[pattern.kind](pattern)
    # Keep the pattern alive with its matcher so its id() cannot be reused by another object.
    _COMPILED[id(pattern)] = (pattern, matcher)
    return matcher
