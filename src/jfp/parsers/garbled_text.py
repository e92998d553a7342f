"""Set aside text that does not read as text, in any format (the PDF reader does it per page).

A plain-text or Markdown export of a PDF whose fonts had no usable ToUnicode map reads
``DQG\ufffdRUJDQLVDWLRQ`` for "and organisation"; the same happens in DOCX files pasted
from such PDFs. Garbled text must never count as evidence, so a paragraph whose text looks
garbled (``pdf_garble.garbled_reason``, the PDF reader's own test; short paragraphs are
judged together with their neighbours) is dropped and the Document says so in a
``garbled-text`` warning.
"""
from __future__ import annotations

from jfp.models import Block, Document, DocWarning, Section
from jfp.parsers.pdf_garble import COMMON_WORDS, garbled_reason
from jfp.parsers.words import count_words

# A paragraph this long is judged on its own; shorter ones are judged with their section.
_OWN_JUDGEMENT_CHARS = 400


# Enough different words to judge by: a line repeating one word is odd, not garbled.
_MIN_DISTINCT_WORDS = 8
_MAX_WINDOWED_CHARS = 50_000


def _judge(text: str) -> str | None:
    """Why ``text`` looks garbled, or None (too few different words to say)."""
    # The text test first: it clears almost everything, and the distinct-word count only
    # matters for text it would set aside.
    why = garbled_reason(text)
    if why is None or (len(set(text[:6000].lower().split())) < _MIN_DISTINCT_WORDS and "\ufffd" not in text):
        return None
    return why


def _windows(text: str):
    """The paragraph in pieces of about 500 characters, cut at a space where there is one."""
    i, n = 0, len(text)
    while i < n:
        j = min(n, i + 500)
        if j < n:
            k = text.rfind(" ", i + 1, j)
            j = k if k > i else j
        yield text[i:j]
        i = j


def _clean(text: str) -> tuple[str, str | None]:
    """A long paragraph without its garbled windows, and why any were taken out.

    A paragraph too long to window (a hostile megabyte line) is judged on its start, whole.
    """
    if len(text) > _MAX_WINDOWED_CHARS:
        why = _judge(text)
        return ("" if why else text), why
    kept, why = [], None
    for w in _windows(text):
        reason = _judge(w)
        if reason:
            why = why or reason
        else:
            kept.append(w)
    return ("".join(kept).strip() if why else text), why


def _few_common_words(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and sum(w.strip(".,;:()") in COMMON_WORDS for w in words) < 0.04 * len(words) + 0.5


def drop_garbled(doc: Document) -> Document:
    """``doc`` without its garbled blocks, with a warning saying how much was set aside."""
    dropped: list[Block] = []
    reasons: list[str] = []

    def keep(section: Section) -> Section:
        bad: set[int] = set()
        cleaned: dict[int, Block] = {}
        # Long paragraphs window by window (a readable sentence after a garbled run stays);
        # then runs of short ones together (a shifted alphabet shows only over a few dozen
        # words), where only the paragraphs with almost none of the commonest words go.
        for b in section.blocks:
            if len(b.text) >= _OWN_JUDGEMENT_CHARS and b.kind != "table":
                kept, why = _clean(b.text)
                if why:
                    reasons.append(why)
                    if kept.strip():
                        cleaned[id(b)] = b.model_copy(update={"text": kept})
                        dropped.append(b.model_copy(update={"text": b.text[: max(0, len(b.text) - len(kept))]}))
                    else:
                        bad.add(id(b))
            elif why := _judge(b.text):
                bad.add(id(b))
                reasons.append(why)
        run: list[Block] = []
        for b in [*section.blocks, None]:
            if b is not None and id(b) not in bad and id(b) not in cleaned and len(b.text) < _OWN_JUDGEMENT_CHARS:
                run.append(b)
                if sum(len(x.text) for x in run) < _OWN_JUDGEMENT_CHARS:
                    continue
            why = _judge(" ".join(x.text for x in run)) if run else None
            if why:
                for x in run:
                    if _few_common_words(x.text):
                        bad.add(id(x))
                        reasons.append(why)
            run = []
        blocks = [cleaned.get(id(b), b) for b in section.blocks if id(b) not in bad]
        dropped.extend(b for b in section.blocks if id(b) in bad)
        children = [keep(c) for c in section.children]
        if not bad and not cleaned and all(a is b for a, b in zip(children, section.children)):
            return section
        return section.model_copy(update={"blocks": blocks, "children": children})

    sections = [keep(s) for s in doc.sections]
    if not dropped:
        return doc
    words = sum(count_words(b.text) for b in dropped)
    warning = DocWarning(
        code="garbled-text",
        message=f"{len(dropped)} paragraph(s), {words:,} words, do not read as text ({reasons[0]}) and were set aside; "
                "export the text again from the original, or check the file's fonts.",
    )
    meta = doc.meta.model_copy(update={"words": max(0, doc.meta.words - words)})
    return doc.model_copy(update={"sections": sections, "warnings": [*doc.warnings, warning], "meta": meta})
