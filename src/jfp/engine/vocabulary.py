"""Compile a pack's vocabularies (readable word lists) into the matchers the engine runs.

A vocabulary term is lower-case text matched as whole words in a sentence's plain form
(``plain``): a space in a term also matches a hyphen or several spaces, ``word*`` matches
any word that starts with ``word``, ``*`` alone matches any one word (a name), and ``#``
matches a number. A category's terms and its
short patterns become one regular expression, so a sentence is searched once per category.
"""
from __future__ import annotations

import re

from jfp.engine.schema import Vocabulary

# Straightened quotes and dashes, so a term's "we'll" meets a document's "we’ll".
_PLAIN = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u2026": "...",
})


def plain(text: str) -> str:
    """The form vocabularies are matched against: lower case, straight quotes and dashes."""
    return text.translate(_PLAIN).lower()


def term_source(term: str) -> str:
    """The regular expression for one term (whole words, flexible spaces, stems and numbers)."""
    parts = []
    for word in term.split():
        if word == "#":
            parts.append(r"\d[\d,.]*")
        elif word == "*":
            parts.append(r"[\w'&.]+")  # any one word (a name: "NHS * ICB")
        elif word.endswith("*") and len(word) > 1:
            parts.append(re.escape(word[:-1]) + r"[\w'-]*")
        else:
            parts.append(re.escape(word))
    body = r"[\s-]+".join(parts)
    # Whole words: not inside a longer word. A term that ends in punctuation ("e.g.") ends there.
    head = r"(?<![\w])" if re.match(r"\w", term) else ""
    tail = r"(?![\w])" if re.search(r"[\w*#]$", term) else ""
    return f"{head}{body}{tail}"


class Matcher:
    """A compiled vocabulary category: ``search`` and ``finditer`` over plain text."""

    __slots__ = ("name", "rx")

    def __init__(self, name: str, vocabulary: Vocabulary | None) -> None:
        self.name = name
        sources = []
        if vocabulary is not None:
            sources = [term_source(t) for t in vocabulary.terms] + [f"(?:{p})" for p in vocabulary.patterns]
        self.rx = re.compile("|".join(sources)) if sources else None

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in ``text`` (already ``plain``), or None."""
        return self.rx.search(text) if self.rx is not None else None

    def __call__(self, text: str) -> bool:
        return self.rx is not None and self.rx.search(text) is not None

    def at_start(self, text: str) -> bool:
        """Whether ``text`` begins with a match."""
        return self.rx is not None and self.rx.match(text) is not None

    def finditer(self, text: str):
        """Every match in ``text``."""
        return self.rx.finditer(text) if self.rx is not None else iter(())


def compile_category(name: str, vocabulary: Vocabulary | None) -> Matcher:
    """The matcher for one category (an empty category never matches)."""
    return Matcher(name, vocabulary)
