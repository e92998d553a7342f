"""Shared builders for the engine tests: in-memory Documents, passages and Markdown plans.

Tests build their own small inputs here rather than reading the labelled corpus, so
each test says exactly which text it expects the engine to read and how.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Union

from jfp.engine.evidence import build_passages
from jfp.engine.loader import RulePack, load_pack
from jfp.engine.match import Passage, PassageIndex, normalise
from jfp.models import Block, Document, DocumentMeta, Section

# A block is a paragraph (str) or a table (list of rows, the first usually the header).
BlockSpec = Union[str, list[list[str]]]


@lru_cache(maxsize=1)
def shipped_pack() -> RulePack:
    """The default pack, loaded once per test session (it is immutable)."""
    return load_pack()


def document(sections: list[tuple[str, list[BlockSpec]]], title: str | None = None) -> Document:
    """A Document with one top-level section per (heading, blocks) pair; "" is the preamble."""
    built: list[Section] = []
    index = 0
    for heading, specs in sections:
        blocks = []
        for spec in specs:
            if isinstance(spec, list):
                text = "\n".join(" | ".join(row) for row in spec)
                blocks.append(Block(kind="table", text=text, rows=spec, index=index))
            else:
                blocks.append(Block(kind="paragraph", text=spec, index=index))
            index += 1
        built.append(Section(heading=heading, level=1 if heading else 0, path=[heading] if heading else [],
                             blocks=blocks))
    words = sum(len(b.text.split()) for s in built for b in s.blocks)
    meta = DocumentMeta(path="plan.md", format="markdown", sha256="0" * 64, size_bytes=1, words=words, title=title)
    return Document(meta=meta, sections=built)


def body_passages(sections: list[tuple[str, list[BlockSpec]]], pack: RulePack | None = None,
                  assume_plan: bool = True) -> list[Passage]:
    """The judged passages of a document, without headings and title.

    ``assume_plan``: the sections are part of a plan, so a sentence that does not say whose it
    is takes the plan's voice (as a rule's examples are judged); False judges them as a whole
    document, which may not be a plan at all.
    """
    passages = build_passages([document(sections)], pack or shipped_pack(), assume_plan=assume_plan)
    return [p for p in passages if p.reason not in ("heading", "title")]


def judged(text: str, heading: str = "Our plan") -> list[tuple[str | None, str]]:
    """(strength, reason) of each sentence of one paragraph under a heading."""
    return [(p.strength, p.reason) for p in body_passages([(heading, [text])])]


def passage(pid: int, text: str, heading: str = "Our plan") -> Passage:
    """A hand-made body passage judged as a statement, for matcher tests."""
    return Passage(id=pid, text=text, norm=normalise(text), section=heading, heading_norm=normalise(heading),
                   top_section=heading, paragraph=pid, page=None, file=None, context="body",
                   strength="statement")


def index_of(*items: str | tuple[str, str]) -> PassageIndex:
    """A PassageIndex over texts (or (text, heading) pairs), ids in the given order."""
    passages = []
    for i, item in enumerate(items):
        text, heading = (item, "Our plan") if isinstance(item, str) else item
        passages.append(passage(i, text, heading))
    return PassageIndex(passages)


def write_markdown_plan(path: Path, title: str, sections: list[tuple[str, list[str]]], front: str = "") -> Path:
    """A Markdown plan file: a title, optional front matter line, then ## sections of paragraphs."""
    lines = [f"# {title}", ""]
    if front:
        lines += [front, ""]
    for heading, paragraphs in sections:
        lines += [f"## {heading}", ""]
        for para in paragraphs:
            lines += [para, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
