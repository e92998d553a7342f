"""Build the DOCX and PDF of the year packs' samples from their Markdown (the source).

Usage (from the repository root)::

    python samples/years.py            # DOCX, then PDF through LibreOffice (soffice on PATH)
    python samples/years.py --no-pdf   # DOCX only

Each ``samples/jfp-*/<name>.md`` becomes ``<name>.docx`` and ``<name>.pdf`` beside it: "# "
is the title, "## " a Heading 1, a run of "|" lines a table (its second line the Markdown
rule), any other line a paragraph. The same text in three formats makes a parity group in
the folder's ``expected.json``. Output is deterministic (fixed dates, zip order and PDF ids).
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from docx import Document

from render import fix_pdf, normalise_zip, to_pdf

HERE = Path(__file__).resolve().parent
FIXED = datetime(2026, 3, 26, 9, 0, 0)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def render(markdown: str) -> bytes:
    """The DOCX bytes of one Markdown sample."""
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "jfp samples"
    props.created = props.modified = FIXED
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("# "):
            props.title = line[2:].strip()
            doc.add_heading(line[2:].strip(), level=0)
        elif line.startswith("## "):
            doc.add_heading(line[3:].strip(), level=1)
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            rows = [rows[0], *rows[2:]]  # the second line is the Markdown rule
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
                    if r == 0:
                        for run in table.cell(r, c).paragraphs[0].runs:
                            run.bold = True
            continue
        elif line.strip():
            doc.add_paragraph(line.strip())
        i += 1
    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args(argv)
    for source in sorted(HERE.glob("jfp-*/*.md")):
        docx = source.with_suffix(".docx")
        docx.write_bytes(render(source.read_text(encoding="utf-8")))
        print(f"wrote {docx.relative_to(HERE)}")
        if not args.no_pdf:
            with tempfile.TemporaryDirectory() as tmp:
                pdf = fix_pdf(to_pdf(docx, Path(tmp)), source.stem)
            source.with_suffix(".pdf").write_bytes(pdf)
            print(f"wrote {source.with_suffix('.pdf').relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
