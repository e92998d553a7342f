"""The garbled-text test's shortcuts give exactly the answers of the full test.

``pdf_garble.garbled_reason`` skips the character counts when a text has none of the
characters they count, and ``garbled_text._judge`` counts distinct words only for text the
test would set aside. ``_reference`` below is the test as it was before those shortcuts,
kept here as the specification they must match.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jfp.parsers import garbled_text
from jfp.parsers.pdf_garble import _BAD, _CID, _COMMON, _NO_VOWELS, _PUA_BULLETS, _TOKEN, garbled_reason


def _reference(text: str) -> str | None:
    text = text[:6000]
    bullets = sum(text.count(b) for b in _PUA_BULLETS)
    n = len("".join(text.split())) - bullets
    if n < 20:
        return None
    bad = len(_BAD.findall(text)) - bullets
    cid = sum(len(m) for m in _CID.findall(text))
    if (bad + cid) / n > 0.08:
        return "replacement, private-use or (cid:N) characters instead of letters"
    tokens = _TOKEN.findall(text)
    if len(tokens) < 25:
        return None
    common = sum(map(_COMMON.__contains__, map(str.lower, tokens))) / len(tokens)
    if common >= 0.04:
        return None
    words = [t for t in tokens if not (t.isupper() and len(t) <= 5)]
    if sum(len(w) for w in words) < 80:
        return None
    letters = "".join(words).lower()
    vowels = (len(letters) - len(letters.translate(_NO_VOWELS))) / max(1, len(letters))
    if common < 0.04 and vowels < 0.3:
        return "the words do not look like words (a font with a broken text encoding)"
    if common < 0.01 and len(tokens) >= 60:
        return "almost none of the commonest words appear (a font with a broken text encoding)"
    return None


def _reference_judge(text: str) -> str | None:
    if len(set(text[:6000].lower().split())) < 8 and "\ufffd" not in text:
        return None
    return _reference(text)


# Words that steer the test to each of its branches: common words, garbled ones, acronyms,
# replacement, control, private-use and bullet characters, (cid:N) runs, digits and spaces.
_PIECES = st.sampled_from([
    "the", "and", "of", "will", "Wkh", "sodq", "dqg", "zloo", "krz", "rxw", "NHS", "ICB", "CQC",
    "bcdfg", "strngth", "xyz", "2024/25", "41%", "9,800", "\ufffd", "\x03", "\x00", "\ue123", "\uf0b7",
    "\uf0a7", "(cid:12)", "(cid:7)", "İ", "½", "café", "naïve", " ", "  ", "\n", ".", ",", "_", "-",
])
_TEXTS = st.lists(_PIECES, max_size=400).map(lambda parts: " ".join(parts)) | st.text(max_size=300)


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_the_shortcuts_never_change_an_answer(text):
    assert garbled_reason(text) == _reference(text)
    assert garbled_text._judge(text) == _reference_judge(text)


def test_the_shortcuts_on_the_branches_by_name():
    english = "The plan sets out how the partners will improve care and report on each priority. " * 8
    shifted = "Wkh sodq vhwv rxw krz wkh sduwqhuv zloo lpsuryh fduh dqg uhsruw rq hdfk " * 5
    for text in (english, shifted, "IRU\ufffdD\ufffdPRUH\ufffd" * 20, "(cid:12)(cid:7)(cid:3)" * 20,
                 "\uf0b7 " + english, "NHS ICB CQC " * 30, "2024/25 41% 8% " * 20, "", "x" * 7000, shifted * 30):
        assert garbled_reason(text) == _reference(text)
        assert garbled_text._judge(text) == _reference_judge(text)
