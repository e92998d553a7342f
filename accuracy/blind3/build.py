#!/usr/bin/env python3
"""Build the third blind test set: four fictional JFPs (Markdown sources) as DOCX, one also as PDF, plus labels.json.

Usage: python build.py [--no-pdf] [--table]
The labels below were decided from the guidance and the status definitions only,
before jfp was run on these files; never edit them to agree with jfp.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

IDS = [
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties", "quality",
    "inequalities", "patient-involvement", "public-involvement", "patient-choice", "advice",
    "innovation", "research", "education-training", "climate-change", "abuse-victims",
    "children-young-people", "consultation-summary", "hwb-opinion", "equality-duty",
    "five-year-horizon", "delivery-focus", "workforce", "performance", "digital-data", "estates",
    "procurement", "population-health", "system-development", "social-economic",
]

M, P, X = "met", "partial", "missing"

# (source, output docx, fake headings?, labels in IDS order)
PLANS = [
    ("plan1-harrowmere.md", "harrowmere-2025.docx", False,
     #  S01 S02 S03 S04 S05 S06 S07 S08 S09 S10 S11 S12 S13 S14 S15 S16 S17
     [M, M, M, M, M, M, M, M, M, P, X, M, M, M, M, M, M,
      # P01 P02 P03 P04 P05
      M, M, X, M, M,
      # R01 R02 R03 R04 R05 R06 R07 R08
      M, M, M, P, X, M, M, M]),
    ("plan2-wealdmoor.md", "wealdmoor-2025.docx", True,
     [M, M, P, P, P, P, M, X, M, X, X, P, X, P, X, M, M,
      P, X, X, M, P,
      P, X, P, X, X, P, M, P]),
    ("plan3-ouseland.md", "ouseland-sdp.docx", False,
     [M, M, M, M, M, M, M, M, M, M, M, M, P, M, P, X, M,
      M, P, M, M, M,
      M, M, M, M, M, P, M, X]),
    ("plan4-greyhithe.md", "greyhithe-draft.docx", False,
     [X, M, X, X, M, P, P, X, P, X, X, X, X, X, X, X, M,
      X, X, X, X, P,
      P, M, P, X, X, X, X, X]),
]
PDF_OF = {"ouseland-sdp.docx": "ouseland-sdp.pdf"}
FIXED = datetime(2025, 3, 1, 12, 0, 0)

INLINE = re.compile(r"\*\*(.+?)\*\*")


def add_runs(par, text: str) -> None:
    """Add text to a paragraph, turning **x** into bold runs."""
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            par.add_run(text[pos:m.start()])
        par.add_run(m.group(1)).bold = True
        pos = m.end()
    if pos < len(text):
        par.add_run(text[pos:])


def add_table(doc, rows: list[str]) -> None:
    """Add a pipe table (first row header, separator row dropped) as a real Word table."""
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    cells = [r for r in cells if not all(re.fullmatch(r":?-+:?", c) for c in r)]
    table = doc.add_table(rows=len(cells), cols=len(cells[0]))
    table.style = "Table Grid"
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            par = table.cell(i, j).paragraphs[0]
            run = par.add_run(text)
            run.bold = i == 0


def add_heading(doc, text: str, level: int, fake: bool) -> None:
    """Add a heading: a real Heading/Title style, or a bold Normal paragraph when faking."""
    if not fake:
        doc.add_heading(text, level=0 if level == 1 else level - 1)
        return
    run = doc.add_paragraph().add_run(text)
    run.bold = True
    run.font.size = Pt({1: 18, 2: 14, 3: 12}[level])


def md_to_docx(src: Path, fake: bool) -> Document:
    """Convert the small Markdown subset used in src/ to a python-docx Document."""
    doc = Document()
    lines = src.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = re.match(r"(#{1,3}) (.*)", line)
        if m:
            add_heading(doc, m.group(2), len(m.group(1)), fake)
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            add_table(doc, rows)
            continue
        elif line.startswith("- "):
            add_runs(doc.add_paragraph(style="List Bullet"), line[2:])
        elif re.match(r"\d+\. ", line):
            add_runs(doc.add_paragraph(style="List Number"), line.split(" ", 1)[1])
        else:
            add_runs(doc.add_paragraph(), line)
        i += 1
    props = doc.core_properties
    props.author = "blind3 build"
    props.created = props.modified = FIXED
    props.title = src.stem
    return doc


def save_deterministic(doc, out: Path) -> None:
    """Save a DOCX with fixed zip timestamps so rebuilds are byte-identical."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2025, 3, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, zin.read(item.filename))


def to_pdf(docx: Path, pdf: Path) -> None:
    """Convert a DOCX to PDF with LibreOffice in a scratch directory."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                       check=True, capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / (docx.stem + ".pdf")), pdf)


def labels() -> dict:
    """Return the labels.json structure for every built file."""
    docs = {}
    for _src, out, _fake, statuses in PLANS:
        assert len(statuses) == len(IDS), out
        lab = dict(zip(IDS, statuses))
        group = out.rsplit(".", 1)[0] if out in PDF_OF else None
        for name in [out] + ([PDF_OF[out]] if out in PDF_OF else []):
            docs[name] = {"labels": lab, "parity_group": group}
    return {"documents": docs}


def table() -> str:
    """Return the label matrix as a Markdown table for the README."""
    data = labels()["documents"]
    names = list(data)
    out = ["| id | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for rid in IDS:
        out.append(f"| {rid} | " + " | ".join(data[n]["labels"][rid] for n in names) + " |")
    counts = []
    for n in names:
        v = list(data[n]["labels"].values())
        counts.append(f"{v.count(M)}/{v.count(P)}/{v.count(X)}")
    out.append("| met/partial/missing | " + " | ".join(counts) + " |")
    return "\n".join(out)


def main(argv: list[str]) -> None:
    """Build the documents and labels.json."""
    if "--table" in argv:
        print(table())
        return
    for src, out, fake, _ in PLANS:
        doc = md_to_docx(SRC / src, fake)
        save_deterministic(doc, HERE / out)
        words = sum(len(p.text.split()) for p in doc.paragraphs) + sum(
            len(c.text.split()) for t in doc.tables for r in t.rows for c in r.cells)
        print(f"{out}: {words} words")
        if out in PDF_OF and "--no-pdf" not in argv:
            to_pdf(HERE / out, HERE / PDF_OF[out])
            print(f"{PDF_OF[out]}: built")
    (HERE / "labels.json").write_text(json.dumps(labels(), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
