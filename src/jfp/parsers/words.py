"""Words as every parser cleans and counts them, so the formats cannot disagree."""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
# A hand-made heading (a bold or larger line with no heading style, a Markdown line wholly in
# bold) is a short line: longer ones are sentences that happen to be bold.
MAX_HAND_HEADING_WORDS = 12


def clean(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) and strip."""
    # str.split() splits on exactly the characters a Unicode regex's \s matches, and faster.
    return " ".join(text.replace("\u00ad", "").split())


def count_words(text: str) -> int:
    """Words as people count them: runs of letters or digits."""
    # subn counts the matches without making a string of each: twice as fast as findall.
    return _WORD.subn("", text)[1]
