"""Normalised text and phrase sets: how rule phrases meet plan text.

Matching runs on normalised text: lower case, acronyms expanded, hyphens, slashes and
punctuation as spaces, possessives dropped, plurals folded to a common stem, padded with
a space at each end. Phrases are normalised the same way, so a plain phrase is found by a
substring search for " its words " (no regular expression to compile or run); only
phrases with a ``stem*`` word need one, and it is simple.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_APOSTROPHE = re.compile(r"[\u2019\u2018`']s\b")
_NON_WORD = re.compile(r"[^\w]+")
_ASCII_NON_WORD = {c: " " for c in range(128) if not chr(c).isalnum()}
_WORD_RUN = re.compile(r"\w+")
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our that the their this to "
    "we with will was were which who".split()
)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Fold a plural to its singular ("studies" -> "study", "services" -> "service").

    Only plurals, and only the regular shapes: text and phrases are folded alike, so what
    matters is that a singular and its plural meet, not that the stem is a real word.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def make_acronym_expander(acronyms: dict[str, str]):
    """A function that appends each acronym's expansion after it (JLHWS -> JLHWS joint local ...).

    ``expand.into(part, original)`` does the same for a lower-case part of ``original`` (a
    sentence's main clause or clause head, in plain form): an acronym is expanded there only
    when ``original`` has it in capitals, so "SEND" in the sentence expands "send" in its
    main clause, and the verb "send" elsewhere stays a verb.
    """
    if not acronyms:
        def unchanged(text: str) -> str:
            return text
        unchanged.into = lambda part, original: part  # type: ignore[attr-defined]
        return unchanged
    keys = sorted(acronyms, key=len, reverse=True)
    rx = re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")s?\b")
    # When every acronym is word characters, a match is a whole run of them (a word boundary
    # either side), so a text none of whose runs is an acronym (or one with an "s") has none:
    # most sentences, told by one findall where the alternation is tried at every character.
    forms = frozenset(keys) | frozenset(k + "s" for k in keys) if all(_WORD_RUN.fullmatch(k) for k in keys) else None

    def expand(text: str) -> str:
        if forms is not None and forms.isdisjoint(_WORD_RUN.findall(text)):
            return text
        return rx.sub(lambda m: f"{m.group(0)} {acronyms[m.group(1)]}", text)

    @lru_cache(maxsize=4096)
    def _lower_rx(original: str):
        found = sorted({m.group(1) for m in rx.finditer(original)}, key=len, reverse=True)
        if not found:
            return None
        return re.compile(r"\b(" + "|".join(re.escape(k.lower()) for k in found) + r")s?\b"), {
            k.lower(): acronyms[k] for k in found}

    def into(part: str, original: str) -> str:
        compiled = _lower_rx(original)
        if compiled is None:
            return part
        lower, expansions = compiled
        return lower.sub(lambda m: f"{m.group(0)} {expansions[m.group(1)]}", part)

    expand.into = into  # type: ignore[attr-defined]
    return expand


def normalise(text: str, expand=None) -> str:
    """Normalised, space-padded, plural-folded text for matching."""
    if expand is not None:
        text = expand(text)
    if text.isascii():
        # Most text: NFKC leaves ASCII as it is and it holds no pound sign or curly quote, and
        # the possessive's pattern, tried at every character, is searched only for an
        # apostrophe or backtick that could start it (a few microseconds a sentence).
        text = text.replace("&", " and ").replace("%", " percent ")
        if "'" in text or "`" in text:
            text = _APOSTROPHE.sub("", text)
        # What _NON_WORD and "_" make of ASCII text (every character but a letter or digit a
        # space), by one table look-up a character instead of the pattern tried at each one.
        text = text.translate(_ASCII_NON_WORD).lower()
    else:
        text = unicodedata.normalize("NFKC", text).replace("&", " and ").replace("%", " percent ")
        text = text.replace("\u00a3", " pounds ")
        text = _APOSTROPHE.sub("", text)
        text = _NON_WORD.sub(" ", text).replace("_", " ").lower()
    return f" {' '.join(map(stem, text.split()))} "


def phrase_words(phrase: str) -> list[str]:
    """A rule phrase normalised to words; a ``stem*`` word keeps its (unfolded) prefix and star."""
    return list(_phrase_words(phrase))


# Each phrase is read twice a check (compiled into its PhraseSet, then asked for its rarest
# word by the passage index) and many phrases recur across a pack's rules: about 3,800 reads
# of 1,800 distinct phrases.
@lru_cache(maxsize=1 << 14)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in phrase.split():
        if raw.endswith("*"):
            prefix = normalise(raw[:-1]).split()
            if prefix:
                # Only the last word of "policy-led*" is the stem; the rest are whole words.
                out += prefix[:-1]
                out.append(_NON_WORD.sub("", raw[:-1].split("-")[-1].lower()) + "*")
            continue
        if raw.isascii() and raw.isalnum():
            out.append(stem(raw.lower()))  # what normalise makes of a plain word, without its passes
            continue
        out += normalise(raw).split()
    return tuple(out)


class PhraseSet:
    """Any of several phrases, found on word boundaries in normalised text.

    Plain phrases are substring searches for " their words "; phrases with a ``stem*`` word
    are matched word by word. Neither needs a regular expression, which keeps loading a
    rule pack cheap (compiling hundreds of alternations cost more than checking a plan).
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.plain: list[str] = []
        self.stemmed: list[list[str]] = []
        # Substrings a text must hold for each stem phrase to be possible (" word " for its
        # whole words, " prefix" for its stems): a cheap test before splitting into words.
        self._needs: list[tuple[str, ...]] = []
        for ph in phrases:
            words = phrase_words(ph)
            if not words:
                continue
            if any(w.endswith("*") for w in words):
                self.stemmed.append(words)
                self._needs.append(tuple(f" {w[:-1]}" if w.endswith("*") else f" {w} " for w in words))
            else:
                self.plain.append(f" {' '.join(words)} ")
                if len(words) == 2 and len(words[0]) + len(words[1]) >= 8:
                    # "case finding" is also "casefinding" (a PDF line-end hyphen joined, or a
                    # spelling: "health care", "healthcare").
                    self.plain.append(f" {words[0]}{words[1]} ")

    def search(self, text: str) -> bool:
        """Whether any phrase occurs in the normalised text."""
        for p in self.plain:  # a plain loop: a generator costs more than the tests
            if p in text:
                return True
        tokens: list[str] | None = None
        for words, needs in zip(self.stemmed, self._needs):
            if _holds_all(text, needs):
                tokens = tokens if tokens is not None else text.split()
                if _starts(tokens, words):
                    return True
        return False

    __call__ = search

    def positions(self, text: str) -> list[int]:
        """Word positions (0-based) of every occurrence of every phrase."""
        found: list[int] = []
        for p in self.plain:
            # Counted on from the previous hit: recounting from 0 is quadratic on a
            # hostile megabyte-long paragraph.
            words = last = 0
            at = text.find(p)
            while at != -1:
                words += text.count(" ", last, at)
                last = at
                found.append(words)
                at = text.find(p, at + 1)
        tokens: list[str] | None = None
        for words, needs in zip(self.stemmed, self._needs):
            if _holds_all(text, needs):
                tokens = tokens if tokens is not None else text.split()
                found += _starts(tokens, words, every=True)
        return found


def _holds_all(text: str, needs: tuple[str, ...]) -> bool:
    """Whether ``text`` holds every one of ``needs`` (a plain loop: all() of a generator costs
    more than the substring tests, asked for every stem phrase of every passage searched)."""
    for n in needs:
        if n not in text:
            return False
    return True


def _starts(tokens: list[str], words: list[str], every: bool = False):
    """Positions where ``words`` (``stem*`` as a prefix) occur in ``tokens``; the first only unless ``every``."""
    n = len(words)
    first = words[0]
    # The places the first word is, found in one comprehension; only they are read further.
    head = tokens[:len(tokens) - n + 1]
    if first.endswith("*"):
        prefix = first[:-1]
        places = [i for i, t in enumerate(head) if t.startswith(prefix)]
    else:
        places = [i for i, t in enumerate(head) if t == first]
    out: list[int] = []
    for i in places:
        for j in range(1, n):
            w, t = words[j], tokens[i + j]
            if not (t.startswith(w[:-1]) if w.endswith("*") else t == w):
                break
        else:
            if not every:
                return [i]
            out.append(i)
    return out


def phrase_regex(phrases: Iterable[str]) -> PhraseSet:
    """The phrases as a set to search normalised text with (kept for its old callers)."""
    return PhraseSet(phrases)
