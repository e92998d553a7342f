"""Render how jfp read a document: the heading tree, counts and warnings (``jfp outline``)."""
from __future__ import annotations

from jfp.models import Document


def render_outline(doc: Document) -> str:
    """Plain-text outline: one line per section with level, pages and block counts."""
    m = doc.meta
    paragraphs = tables = 0
    for _, block in doc.iter_blocks():
        if block.kind == "table":
            tables += 1
        else:
            paragraphs += 1
    lines = [
        f"{m.path}",
        f"  format {m.format}  pages {m.pages if m.pages is not None else '-'}  words {m.words}"
        f"  sections {doc.section_count}  paragraphs {paragraphs}  tables {tables}",
    ]
    if m.title:
        lines.append(f"  title  {m.title}")
    lines.append("")
    for section in doc.iter_sections():
        if section.level == 0:
            label = "(before the first heading)"
        else:
            label = section.heading
        if section.page_start is None:
            pages = ""
        elif section.page_end and section.page_end != section.page_start:
            pages = f"  p.{section.page_start}-{section.page_end}"
        else:
            pages = f"  p.{section.page_start}"
        n_tables = sum(1 for b in section.blocks if b.kind == "table")
        counts = f"  [{len(section.blocks) - n_tables} para" + (f", {n_tables} table" if n_tables else "") + "]"
        indent = "  " * max(0, section.level - 1)
        lines.append(f"{indent}H{section.level} {label}{pages}{counts}")
    if doc.warnings:
        lines.append("")
        lines.append("Warnings:")
        for w in doc.warnings:
            where = f" (page {w.page})" if w.page is not None else ""
            lines.append(f"  {w.code}{where}: {w.message}")
    return "\n".join(lines) + "\n"
