"""Render how jfp read a document: the heading tree, counts and warnings (``jfp outline``).

Both renderers take the Document's JSON form (``Document.model_dump()``, or what
``DocumentBuilder`` makes with ``AS_DATA``: the same dicts), so ``jfp outline`` shows a
DOCX or PDF without loading pydantic.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from jfp.safe_text import escape_json, one_line


def _walk(sections: list[dict]) -> Iterator[dict]:
    for section in sections:
        yield section
        yield from _walk(section["children"])


def render_outline(doc: dict) -> str:
    """Plain-text outline: one line per section with level, pages and block counts."""
    m = doc["meta"]
    sections = list(_walk(doc["sections"]))
    paragraphs = tables = 0
    for section in sections:
        for block in section["blocks"]:
            if block["kind"] == "table":
                tables += 1
            else:
                paragraphs += 1
    headed = sum(1 for s in sections if s["level"] > 0)
    pages = m["pages"] if m["pages"] is not None else "-"
    lines = [
        one_line(m["path"]),
        f"  format {m['format']}  pages {pages}  words {m['words']}"
        f"  sections {headed}  paragraphs {paragraphs}  tables {tables}",
    ]
    if m["title"]:
        lines.append(f"  title  {one_line(m['title'])}")
    lines.append("")
    for section in sections:
        level = section["level"]
        # Headings and the title are the document's own text: a C1 control or a bidi override
        # in them must not reach the terminal (jfp.safe_text).
        label = "(before the first heading)" if level == 0 else one_line(section["heading"])
        start, end = section["page_start"], section["page_end"]
        if start is None:
            span = ""
        elif end and end != start:
            span = f"  p.{start}-{end}"
        else:
            span = f"  p.{start}"
        n_tables = sum(1 for b in section["blocks"] if b["kind"] == "table")
        counts = f"  [{len(section['blocks']) - n_tables} para" + (f", {n_tables} table" if n_tables else "") + "]"
        indent = "  " * max(0, level - 1)
        lines.append(f"{indent}H{level} {label}{span}{counts}")
    if doc["warnings"]:
        lines.append("")
        lines.append("Warnings:")
        for w in doc["warnings"]:
            where = f" (page {w['page']})" if w["page"] is not None else ""
            lines.append(f"  {w['code']}{where}: {one_line(w['message'])}")
    return "\n".join(lines) + "\n"


def render_json(doc: dict) -> str:
    """The Document as JSON, as ``Document.model_dump_json(indent=2)`` writes it."""
    return escape_json(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
