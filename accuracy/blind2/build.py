#!/usr/bin/env python3
"""Build the blind2 test documents (DOCX, and PDF for the parity pair) from the Markdown sources.

usage: python3 accuracy/blind2/build.py   (needs python-docx; soffice for the PDF)

The Markdown subset is deliberately small: '#' title, '##'/'###' headings, '- ' bullets,
'1. ' numbered items, pipe tables and paragraphs with **bold** runs. Real Word styles are
used (Title, Heading 1/2, List Bullet, List Number, Table Grid) so parsers see true structure.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DOCX_ONLY = ["lindenmere-ashcombe-jfp", "ravensholt-dunmere-refresh", "corrowdale-draft-jfp"]
DOCX_AND_PDF = ["tarnside-neighbourhoods-jfp"]
BOLD = re.compile(r"\*\*(.+?)\*\*")


def add_runs(par, text: str) -> None:
    """Add text to a paragraph, turning **x** into bold runs."""
    pos = 0
    for m in BOLD.finditer(text):
        if m.start() > pos:
            par.add_run(text[pos:m.start()])
        par.add_run(m.group(1)).bold = True
        pos = m.end()
    if pos < len(text):
        par.add_run(text[pos:])


def cells(line: str) -> list[str]:
    """Split one pipe-table row into stripped cell texts."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def add_table(doc, rows: list[str]) -> None:
    """Add a pipe table (header, separator, body rows) as a Word table with a bold header."""
    body = [cells(r) for r in rows if not re.fullmatch(r"\|?[\s:|-]+\|?", r.strip())]
    table = doc.add_table(rows=len(body), cols=len(body[0]))
    table.style = "Table Grid"
    for i, row in enumerate(body):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.text = ""
            add_runs(cell.paragraphs[0], text)
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def build_docx(md: Path, out: Path) -> None:
    """Convert one Markdown source to DOCX."""
    doc = Document()
    lines = md.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line:
            i += 1
            continue
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            add_table(doc, rows)
            continue
        if line.startswith("### "):
            doc.add_heading(line[4:], level=2)
        elif line.startswith("## "):
            doc.add_heading(line[3:], level=1)
        elif line.startswith("# "):
            doc.add_heading(line[2:], level=0)
        elif line.startswith("- "):
            add_runs(doc.add_paragraph(style="List Bullet"), line[2:])
        elif re.match(r"\d+\. ", line):
            add_runs(doc.add_paragraph(style="List Number"), line.split(" ", 1)[1])
        else:
            add_runs(doc.add_paragraph(), line)
        i += 1
    doc.core_properties.title = lines[0].lstrip("# ")
    doc.save(out)


def build_pdf(docx: Path, out: Path) -> None:
    """Convert a DOCX to PDF with LibreOffice, using a throwaway profile so runs do not clash."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, str(docx)],
            check=True, capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / (docx.stem + ".pdf")), out)


def main() -> int:
    """Build every document next to this script."""
    for name in DOCX_ONLY + DOCX_AND_PDF:
        build_docx(SRC / f"{name}.md", HERE / f"{name}.docx")
        print("built", f"{name}.docx")
    for name in DOCX_AND_PDF:
        build_pdf(HERE / f"{name}.docx", HERE / f"{name}.pdf")
        print("built", f"{name}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
