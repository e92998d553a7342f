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
from jfp.parsers.recording import count_words

# A paragraph this long is judged on its own; shorter ones are judged with their section.
_OWN_JUDGEMENT_CHARS = 400


def _few_common_words(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and sum(w.strip(".,;:()") in COMMON_WORDS for w in words) < 0.04 * len(words) + 0.5


def drop_garbled(doc: Document) -> Document:
    """``doc`` without its garbled blocks, with a warning saying how much was set aside."""
    dropped: list[Block] = []
    reasons: list[str] = []

    def keep(section: Section) -> Section:
        bad: set[int] = set()
        # Each paragraph alone (replacement and private-use characters show in a line), then
        # runs of short ones together (a shifted alphabet shows only over a few dozen words),
        # where only the paragraphs with almost none of the commonest words are set aside.
        for b in section.blocks:
            why = garbled_reason(b.text)
            if why:
                bad.add(id(b))
                reasons.append(why)
        run: list[Block] = []
        for b in [*section.blocks, None]:
            if b is not None and id(b) not in bad:
                run.append(b)
                if sum(len(x.text) for x in run) < _OWN_JUDGEMENT_CHARS:
                    continue
            why = garbled_reason(" ".join(x.text for x in run)) if run else None
            if why:
                for x in run:
                    if _few_common_words(x.text):
                        bad.add(id(x))
                        reasons.append(why)
            run = []
        blocks = [b for b in section.blocks if id(b) not in bad]
        dropped.extend(b for b in section.blocks if id(b) in bad)
        children = [keep(c) for c in section.children]
        if len(blocks) == len(section.blocks) and all(a is b for a, b in zip(children, section.children)):
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
