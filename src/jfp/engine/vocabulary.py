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

from jfp.engine.schema import Vocabulary

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
    return text.translate(_PLAIN).lower()


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


class Lexicon:
    """Every category's terms in one index of their words, so a text is read once for all of them.

    ``first(text)`` maps each category found in the text to the character offset where its
    first term starts; it is cached, since the engine asks about the same sentence for many
    categories.
    """

    def __init__(self, vocabularies: dict[str, Vocabulary]) -> None:
        self.names = list(vocabularies)
        self._by_word: dict[str, list[tuple[int, int, tuple]]] = {}  # word -> (category, its offset, term)
        self._single: dict[str, tuple[int, ...]] = {}  # a one-word term -> its categories (most terms)
        self._loose: list[tuple[int, tuple]] = []  # terms with no whole word to index by
        for c, name in enumerate(self.names):
            for term in vocabularies[name].terms:
                seq = tuple(_word_test(w) for w in _term_words(term))
                if not seq:
                    continue
                # Indexed by its longest whole word: long words are rare, so a sentence's common
                # words ("the", "we") look up few terms.
                literal = [i for i, w in enumerate(seq) if isinstance(w, str)]
                if len(seq) == 1 and literal:
                    self._single[seq[0]] = (*self._single.get(seq[0], ()), c)
                    continue
                if not literal:
                    self._loose.append((c, seq))
                    continue
                anchor = max(literal, key=lambda i: (len(seq[i]), -i))
                self._by_word.setdefault(seq[anchor], []).append((c, anchor, seq))
        self.first = lru_cache(maxsize=8192)(self._first)

    def _first(self, text: str) -> dict[str, int]:
        """Each category found in ``text``, with the index of the word its first term starts at."""
        toks = words(text)
        best: dict[int, int] = {}
        single, by_word = self._single, self._by_word
        for j, t in enumerate(toks):
            for c in single.get(t, ()):
                if c not in best:
                    best[c] = j
            for c, offset, seq in by_word.get(t, ()):
                i = j - offset
                if i >= 0 and (c not in best or i < best[c]) and _term_at(seq, toks, i):
                    best[c] = i
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
        sources = [f"(?:{p})" for p in (vocabulary.patterns if vocabulary is not None else [])]
        self.rx = re.compile("|".join(sources)) if sources else None
        self.empty = (vocabulary is None or not vocabulary.terms) and self.rx is None

    def found(self, text: str) -> bool:
        """Whether the category is in ``text`` (the cheapest question: no offsets)."""
        if self.empty:
            return False
        if self.name in self._lexicon.first(text):
            return True
        return self.rx is not None and self.rx.search(text) is not None

    def _find(self, text: str, at_start: bool = False) -> _Hit | None:
        index = self._lexicon.first(text).get(self.name)
        if at_start and index not in (None, 0):
            index = None
        term_hit = None
        if index is not None:
            start = 0 if index == 0 else _char_offset(text, index)
            term_hit = _Hit(start, text[start:])
        if self.rx is None:
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
        hit = self._find(text, at_start=True)
        return hit is not None and hit.start() == 0


def _term_words(term: str) -> list[str]:
    """A term's words: "nhs * icb" -> [nhs, *, icb]; "co-produc*" -> [co, produc*]; ", including" -> [",", including]."""
    out: list[str] = []
    for raw in term.replace("-", " ").split():
        if raw in ("*", "#") or re.fullmatch(r"[\w']+\*", raw):
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
