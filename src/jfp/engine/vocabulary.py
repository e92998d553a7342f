"""Compile a pack's vocabularies (readable word lists) into the matchers the engine runs.

A vocabulary term is lower-case text matched as whole words in a sentence's plain form
(``plain``): the words of a term must follow each other (spaces and hyphens between words
do not matter), ``word*`` matches any word that starts with ``word``, ``*`` alone matches
any one word (a name: "NHS * ICB"), and ``#`` matches a number. Punctuation in a term
matches the same punctuation (", including", "; ").

Terms are matched through an index of their words, not as one big regular expression: a
sentence is cut into words once, and each word looks up only the terms that could start
there. (An alternation of several hundred terms, each with word boundaries, made Python's
regular-expression engine try every term at every character: ~100 us a sentence for each
category, the engine's whole budget.) A category's short ``patterns`` are one regular
expression, searched as usual.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jfp.engine.regex_needs import analyse, union_of_needs
from jfp.engine.schema import Vocabulary
from jfp.engine.text import STOPWORDS

# Straightened quotes and dashes, so a term's "we'll" meets a document's "we’ll".
_PLAIN = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u2026": "...",
})
# Words (letters, digits, an inner apostrophe), money and per cent signs, and the punctuation
# terms may name. Hyphens and spaces separate words and are not tokens.
_TOKEN = re.compile(r"[\w]+(?:'[\w]+)*|[\u00a3$%,;:()\"]")


def plain(text: str) -> str:
    """The form vocabularies are matched against: lower case, straight quotes and dashes."""
    # Every character translated is outside ASCII, so an ASCII text (most) needs no translation.
    return text.lower() if text.isascii() else text.translate(_PLAIN).lower()


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The tokens of a plain text (cached: every category reads the same sentence)."""
    return tuple(_TOKEN.findall(text))


def _char_offset(text: str, index: int) -> int:
    """Where the token at ``index`` starts in ``text``."""
    for i, m in enumerate(_TOKEN.finditer(text)):
        if i == index:
            return m.start()
    return len(text)


class _Hit:
    """Where a term or pattern matched: ``start()`` and ``group(0)`` like a regex match."""

    __slots__ = ("_start", "_text")

    def __init__(self, start: int, text: str) -> None:
        self._start, self._text = start, text

    def start(self) -> int:
        return self._start

    def group(self, _: int = 0) -> str:
        return self._text


def _word_test(word: str):
    """A test for one token of a term."""
    if word == "#":
        return lambda t: t[:1].isdigit()
    if word == "*":
        return lambda t: t[:1].isalnum()
    if word.endswith("*") and len(word) > 1:
        prefix = word[:-1]
        return lambda t: t.startswith(prefix)
    return word


# How much of a text ``Lexicon.starts`` reads: far longer than any term.
_OPENING_CHARS = 400


class Lexicon:
    """Every category's terms in one index of their words, so a text is read once for all of them.

    ``first(text)`` maps each category found in the text to the character offset where its
    first term starts; it is cached, since the engine asks about the same sentence for many
    categories.
    """

    def __init__(self, vocabularies: dict[str, Vocabulary]) -> None:
        self.names = list(vocabularies)
        # word -> (category, its offset in the term, the term, its length, whether all whole words)
        self._by_word: dict[str, list[tuple[int, int, tuple, int, bool]]] = {}
        self._single: dict[str, tuple[int, ...]] = {}  # a one-word term -> its categories (most terms)
        self._loose: list[tuple[int, tuple]] = []  # terms of several words with no whole word to index by
        self._loose_words: list[tuple[int, tuple, str]] = []  # one-word terms with no whole word ("#")
        # For ``starts``: multi-word terms by their first word; by their first word's first two
        # letters when it is a stem ("co-produc* with"); by a later word and its place when the
        # first is any word ("* health and wellbeing board").
        self._by_first: dict[str, list[tuple[int, tuple]]] = {}
        self._stem_first: dict[str, list[tuple[int, tuple]]] = {}
        self._later_first: dict[tuple[int, str], list[tuple[int, tuple]]] = {}
        self._loose_first: list[tuple[int, tuple]] = []
        for c, name in enumerate(self.names):
            for term in vocabularies[name].terms:
                raw = _term_words(term)
                seq = tuple(_word_test(w) for w in raw)
                if not seq:
                    continue
                # Indexed by its longest whole word that is not a stop word: long words are rare,
                # so a sentence's common words ("the", "we", "will") look up few terms.
                literal = [i for i, w in enumerate(seq) if isinstance(w, str)]
                if len(seq) > 1 or not literal:
                    self._index_opening(c, seq, raw, literal)
                if len(seq) == 1 and literal:
                    self._single[seq[0]] = (*self._single.get(seq[0], ()), c)
                    continue
                if not literal:
                    if len(seq) == 1:
                        self._loose_words.append((c, seq, raw[0]))
                    else:
                        self._loose.append((c, seq))
                    continue
                anchor = max(literal, key=lambda i: (seq[i] not in STOPWORDS, len(seq[i]), -i))
                # A term of whole words only is compared as one slice of the text's words.
                whole = len(literal) == len(seq)
                self._by_word.setdefault(seq[anchor], []).append((c, anchor, seq, len(seq), whole))
        # Every word that is a one-word term or anchors a longer one: a text's words are
        # intersected with it in one set operation, so only the few words that are terms cost a
        # Python step (most of a sentence's words are no term at all).
        self._indexed = frozenset(self._single) | frozenset(self._by_word)
        # One-word terms with no whole word ("#"), by their word: each test runs over the text once
        # for all the categories that have it.
        loose_single: dict[str, list] = {}
        for c, seq, raw in self._loose_words:
            loose_single.setdefault(raw, [seq[0], []])[1].append(c)
        self._loose_single = [(test, tuple(cs)) for test, cs in loose_single.values()]
        self._later_offsets = sorted({offset for offset, _ in self._later_first})
        self.first = lru_cache(maxsize=8192)(self._first)
        self.starts = lru_cache(maxsize=8192)(self._starts)

    def _index_opening(self, c: int, seq: tuple, raw: list[str], literal: list[int]) -> None:
        if isinstance(seq[0], str):
            # Two literal words open most terms ("the icb", "we will"): index by both.
            key = f"{seq[0]} {seq[1]}" if len(seq) > 1 and isinstance(seq[1], str) else seq[0]
            self._by_first.setdefault(key, []).append((c, seq))
        elif raw[0] not in ("*", "#") and len(raw[0]) > 2:
            self._stem_first.setdefault(raw[0][:2], []).append((c, seq))
        elif literal:
            self._later_first.setdefault((literal[0], seq[literal[0]]), []).append((c, seq))
        else:
            self._loose_first.append((c, seq))

    def _starts(self, text: str) -> frozenset[str]:
        """The categories with a term at the very start of ``text``: only its first words are
        read (a sentence's opening is asked about far more often than its whole)."""
        toks = words(text[:_OPENING_CHARS])
        if not toks:
            return frozenset()
        found = set(self._single.get(toks[0], ()))
        pairs = self._by_first.get(f"{toks[0]} {toks[1]}", []) if len(toks) > 1 else []
        for c, seq in pairs + self._by_first.get(toks[0], []):
            if c not in found and _term_at(seq, toks, 0):
                found.add(c)
        candidates = self._stem_first.get(toks[0][:2], [])
        for offset in self._later_offsets:
            if offset >= len(toks):
                break
            terms = self._later_first.get((offset, toks[offset]))
            if terms:
                candidates = candidates + terms
        for c, seq in candidates + self._loose_first:
            if c not in found and _term_at(seq, toks, 0):
                found.add(c)
        return frozenset(self.names[c] for c in found)

    def _first(self, text: str) -> dict[str, int]:
        """Each category found in ``text``, with the index of the word its first term starts at
        (the smallest index of any of its terms found)."""
        toks = words(text)
        best: dict[int, int] = {}
        single, by_word = self._single, self._by_word
        for t in self._indexed.intersection(toks):
            j = toks.index(t)
            for c in single.get(t, ()):
                if j < best.get(c, j + 1):
                    best[c] = j
            entries = by_word.get(t)
            if entries is None:
                continue
            at = (j,) if toks.count(t) == 1 else [k for k in range(j, len(toks)) if toks[k] == t]
            for c, offset, seq, length, whole in entries:
                for k in at:  # each place the anchor word is, in order: the first match is the earliest
                    i = k - offset
                    if i < 0:
                        continue
                    if c in best and i >= best[c]:
                        break
                    if toks[i:i + length] == seq if whole else _term_at(seq, toks, i):
                        best[c] = i
                        break
        for test, categories in self._loose_single:
            limit = min(len(toks), max(best.get(c, len(toks)) for c in categories))
            for i in range(limit):
                if test(toks[i]):
                    for c in categories:
                        if i < best.get(c, i + 1):
                            best[c] = i
                    break
        for c, seq in self._loose:
            for i in range(min(len(toks), best.get(c, len(toks)))):
                if _term_at(seq, toks, i):
                    best[c] = i
                    break
        return {self.names[c]: i for c, i in best.items()}


class Matcher:
    """One compiled vocabulary category: ``search``, ``at_start`` and truth over plain text."""

    def __init__(self, name: str, vocabulary: Vocabulary | None, lexicon: Lexicon | None = None) -> None:
        self.name = name
        if lexicon is None:
            lexicon = Lexicon({name: vocabulary} if vocabulary is not None else {})
        self._lexicon = lexicon
        self._first = lexicon.first
        patterns = list(vocabulary.patterns) if vocabulary is not None else []
        # The patterns are compiled on first use, not here: a check compiles the pack's
        # vocabularies afresh, and a short plan never reaches the search of most of them
        # (their needs rule its sentences out first). Each pattern is parsed once, here, for
        # its needs, its requirements and its groups (``analyse``).
        self._source = "|".join(f"(?:{p})" for p in patterns) if patterns else None
        self._rx: re.Pattern[str] | None = None
        each = [analyse(p) for p in patterns]
        # Strings one of which any pattern match holds: most texts are ruled out without a search.
        self._needs = union_of_needs([n for n, _, _ in each]) if each else None
        self.empty = (vocabulary is None or not vocabulary.terms) and not patterns
        # For found(), which needs no offsets: each pattern alone, behind every requirement of
        # it (a text must hold one string of each). The alternation matches somewhere exactly
        # when one of its patterns does, and a pattern alone is ruled out by its own
        # requirements far more often than the alternation by the union of one of each
        # ("concrete"'s "\d" needs nothing, so its other patterns were always searched).
        # Only patterns without groups: a group's number would change outside the alternation.
        # Each test is [requirements, the pattern, its compiled form once searched].
        self._tests: list[list] | None = None
        if patterns:
            groups = [g if g is not None else re.compile(p).groups for p, (_, _, g) in zip(patterns, each)]
            if not any(groups):
                self._tests = [[required, p, None] for p, (_, required, _) in zip(patterns, each)]

    @property
    def rx(self) -> re.Pattern[str] | None:
        """The alternation of the category's patterns (None without any), compiled on first use."""
        if self._rx is None and self._source is not None:
            self._rx = re.compile(self._source)
        return self._rx

    def found(self, text: str) -> bool:
        """Whether the category is in ``text`` (the cheapest question: no offsets)."""
        if self.empty:
            return False
        if self.name in self._first(text):
            return True
        tests = self._tests
        if tests is None:
            return self._may_match(text) and self.rx.search(text) is not None
        for test in tests:  # plain loops: this is the engine's most frequent question
            for one_of in test[0]:
                for n in one_of:
                    if n in text:
                        break
                else:
                    break  # a requirement the text does not hold: this pattern cannot match
            else:
                rx = test[2]
                if rx is None:
                    rx = test[2] = re.compile(test[1])
                if rx.search(text) is not None:
                    return True
        return False

    def _may_match(self, text: str) -> bool:
        """Whether the patterns could match ``text`` (False: no search needed)."""
        if self._source is None:
            return False
        if self._needs is None:
            return True
        for n in self._needs:  # a plain loop: a generator costs more than the tests
            if n in text:
                return True
        return False

    def _find(self, text: str, at_start: bool = False) -> _Hit | None:
        index = self._lexicon.first(text).get(self.name)
        if at_start and index not in (None, 0):
            index = None
        term_hit = None
        if index is not None:
            start = 0 if index == 0 else _char_offset(text, index)
            term_hit = _Hit(start, text[start:])
        if not self._may_match(text):
            return term_hit
        m = self.rx.match(text) if at_start else self.rx.search(text)
        if m is None:
            return term_hit
        if term_hit is not None and term_hit.start() <= m.start():
            return term_hit
        return _Hit(m.start(), m.group(0))

    def search(self, text: str) -> _Hit | None:
        """The first match in ``text`` (already ``plain``), or None."""
        return None if self.empty else self._find(text)

    __call__ = found

    def at_start(self, text: str) -> bool:
        """Whether ``text`` begins with a match (its first word starts a term)."""
        if self.empty:
            return False
        text = text.lstrip()
        if self.name in self._lexicon.starts(text):
            return True
        return self._may_match(text) and self.rx.match(text) is not None


_STEM = re.compile(r"[\w']+\*")


def _term_words(term: str) -> list[str]:
    """A term's words: "nhs * icb" -> [nhs, *, icb]; "co-produc*" -> [co, produc*]; ", including" -> [",", including]."""
    out: list[str] = []
    for raw in term.replace("-", " ").split():
        if raw in ("*", "#") or _STEM.fullmatch(raw):
            out.append(raw)
        else:
            out += list(words(raw))
    return out


def _term_at(seq: tuple, toks: tuple[str, ...], i: int) -> bool:
    if i + len(seq) > len(toks):
        return False
    for w, t in zip(seq, toks[i:i + len(seq)]):
        if not (t == w if isinstance(w, str) else w(t)):
            return False
    return True


def compile_categories(vocabularies: dict[str, Vocabulary], names) -> dict[str, Matcher]:
    """A matcher for each named category, all sharing one lexicon (an absent category never matches)."""
    lexicon = Lexicon({n: v for n, v in vocabularies.items() if n in names})
    return {name: Matcher(name, vocabularies.get(name), lexicon) for name in names}
