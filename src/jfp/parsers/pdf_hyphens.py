"""Settle each line-end hyphen in a PDF's text from the document's own vocabulary.

A hyphen at a line end is either a word broken by hyphenation ("integ-ration") or a
compound that happened to break there ("short-term"); ``pdf_layout`` marks the place with
``LINE_END_HYPHEN`` and this module decides which, once every paragraph is known.
"""
from __future__ import annotations

import re

from jfp.parsers.pdf_layout import LINE_END_HYPHEN, Table
from jfp.parsers.pdf_structure import Para

_SPLIT = re.compile(r"[^\W_]+" + LINE_END_HYPHEN + r"[^\W_]+")
_LETTERS = re.compile(r"[^\W\d_]+")
# The look-behind starts a match only at a word's start: without it a failed match is
# retried from every later letter of the word (a tenth of a second on a long plan).
_COMPOUND = re.compile(r"(?<![^\W_])[^\W_]+(?:-[^\W_]+)+")


def hyphen_resolver(items: list[Para | Table], eager_above: int = 40):
    """A function that settles each line-end hyphen in the document's text.

    A hyphen at a line end is either a word broken by hyphenation ("integ-ration") or a
    compound that happened to break there ("short-term", "Romanian-speaking", "under-25s").
    Plans are rarely auto-hyphenated, so the document's own vocabulary decides: join when it
    spells the word whole elsewhere; keep the hyphen when it spells the compound elsewhere,
    ends another compound with the same second half ("long-term"), when the first half is a
    word it uses ("short", "flood"), or when a half starts with a capital or a digit;
    otherwise join (a fragment such as "integ" is no word).
    """
    texts: list[str] = []
    for it in items:
        if isinstance(it, Table):
            texts.extend(c for row in it.rows for c in row)
        else:
            texts.append(it.text)
    hyphens = sum(t.count(LINE_END_HYPHEN) for t in texts)
    if not hyphens:
        return lambda text: text
    plain = [t for t in texts if LINE_END_HYPHEN not in t]
    vocab = _Vocabulary(plain) if hyphens > eager_above else _LazyVocabulary(plain)

    def settle(match: re.Match[str]) -> str:
        token = match.group(0)
        left, _, right = token.partition(LINE_END_HYPHEN)
        whole, hyphened = left + right, f"{left}-{right}"
        if vocab.has_word(whole.lower()):
            return whole
        keep = (
            vocab.has_compound(hyphened.lower())
            or (len(right) >= 3 and vocab.has_tail(right.lower()))
            or vocab.has_word(left.lower())
            or left[:1].isupper()
            or right[:1].isdigit()
            or left[-1:].isdigit()
        )
        return hyphened if keep else whole

    def resolve(text: str) -> str:
        if LINE_END_HYPHEN not in text:
            return text
        return _SPLIT.sub(settle, text).replace(LINE_END_HYPHEN, "-")

    return resolve


class _Vocabulary:
    """The document's words (letter runs) and hyphenated compounds, lower-cased, all at once."""

    def __init__(self, plain: list[str]) -> None:
        self.words = {w.lower() for t in plain for w in _LETTERS.findall(t)}
        self.compounds = {w.lower() for t in plain if "-" in t for w in _COMPOUND.findall(t)}
        # Compounds come in families ("long-term", "short-term"): a second half the plan uses
        # after a hyphen elsewhere marks a compound, not a word split by hyphenation.
        self.tails = {c.rsplit("-", 1)[1] for c in self.compounds}

    def has_word(self, q: str) -> bool:
        return q in self.words

    def has_compound(self, q: str) -> bool:
        return q in self.compounds

    def has_tail(self, q: str) -> bool:
        return q in self.tails


class _LazyVocabulary:
    """The same answers as ``_Vocabulary``, looked up per question.

    A plan with a handful of line-end hyphens asks a handful of questions; collecting every
    word of a long plan to answer them took 20-40 ms of a fresh ``jfp outline``. A question
    is first ruled out by a substring search of the whole lower-cased text, then confirmed
    in the texts that contain it exactly as ``_Vocabulary`` would.
    """

    def __init__(self, plain: list[str]) -> None:
        self._plain = plain
        self._lower = "\n".join(plain).lower()
        self._answers: dict[tuple[str, str], bool] = {}

    def _ask(self, kind: str, q: str, needle: str, found) -> bool:
        key = (kind, q)
        if key not in self._answers:
            self._answers[key] = needle in self._lower and any(
                needle in t.lower() and found(t) for t in self._plain
            )
        return self._answers[key]

    def has_word(self, q: str) -> bool:
        return self._ask("word", q, q, lambda t: any(w.lower() == q for w in _LETTERS.findall(t)))

    def has_compound(self, q: str) -> bool:
        return self._ask("compound", q, q, lambda t: any(c.lower() == q for c in _COMPOUND.findall(t)))

    def has_tail(self, q: str) -> bool:
        return self._ask(
            "tail", q, "-" + q, lambda t: any(c.lower().rsplit("-", 1)[1] == q for c in _COMPOUND.findall(t))
        )
