"""Tell a page whose extracted text is unreadable (broken font encodings) from a normal one.

A PDF can draw perfect glyphs while its text layer maps them to the wrong characters: a
font without a usable ToUnicode map often yields a shifted alphabet (``Wklv sodq``),
``(cid:12)`` runs, replacement or private-use characters. Such text must not count as
evidence, so the parser drops the page and warns. Normal prose, tables of numbers and
acronym-heavy pages must pass, which is why the tests below look at several signals and
only judge pages with enough words.
"""
from __future__ import annotations

import re

_CID = re.compile(r"\(cid:\d+\)")
_TOKEN = re.compile(r"[^\W\d_]+")
# Bullet glyphs from Symbol/Wingdings fonts come through as private-use characters.
_PUA_BULLETS = {"\uf0b7", "\uf0a7", "\uf076", "\uf0d8", "\uf0fc", "\uf06e", "\uf0a8"}
_BULLET_CLASS = "".join(sorted(_PUA_BULLETS))
# Replacement, control (not U+0002, pdfium's line-end hyphen) and private-use characters;
# the bullets among them are counted separately and taken off. One character class scans
# several times faster than an alternation with a look-ahead.
_BAD = re.compile("[\ufffd\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff]")
_NO_VOWELS = str.maketrans("", "", "aeiouyàáâäèéêëìíîïòóôöùúûü")
_COMMON = frozenset(
    """the of and to in a is for on that by with as are be we will this our from at or an it
    not have has their which all more can was were its these they been also than other into
    over who how what when per each new up out about such may but there would should must""".split()
)
COMMON_WORDS = _COMMON  # the commonest English words: prose has several in every line


def garbled_reason(text: str) -> str | None:
    """Why the page's text looks garbled, or None if it reads as text."""
    text = text[:6000]  # a page's worth; enough to judge and keeps long pages cheap
    if _BAD.search(text) is None and "(cid:" not in text:
        # Almost every page and paragraph: nothing for the character test to count (no
        # bullets either: they are private-use), and the visible-character floor below
        # cannot decide alone, as fewer than 20 visible characters hold fewer than 25 words.
        return _by_words(text)
    bullets = sum(text.count(b) for b in _PUA_BULLETS)
    n = len("".join(text.split())) - bullets  # visible characters
    if n < 20:
        return None
    bad = len(_BAD.findall(text)) - bullets
    cid = sum(len(m) for m in _CID.findall(text))
    if (bad + cid) / n > 0.08:
        return "replacement, private-use or (cid:N) characters instead of letters"
    return _by_words(text)


def _by_words(text: str) -> str | None:
    """Why the words of ``text`` (a page's worth) do not look like words, or None."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < 25:
        return None  # too few words to judge: a table of numbers, a short caption page
    common = sum(map(_COMMON.__contains__, map(str.lower, tokens))) / len(tokens)
    if common >= 0.04:
        return None  # ordinary prose: neither test below can fire
    # Acronyms (short all-capitals words) have few vowels; leave them out when there is prose.
    words = [t for t in tokens if not (t.isupper() and len(t) <= 5)]
    if sum(len(w) for w in words) < 80:
        return None  # mostly acronyms and short words: nothing to judge by
    letters = "".join(words).lower()
    vowels = (len(letters) - len(letters.translate(_NO_VOWELS))) / max(1, len(letters))
    if common < 0.04 and vowels < 0.3:
        return "the words do not look like words (a font with a broken text encoding)"
    if common < 0.01 and len(tokens) >= 60:
        return "almost none of the commonest words appear (a font with a broken text encoding)"
    return None
