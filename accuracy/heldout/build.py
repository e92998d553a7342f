"""Build the held-out accuracy set from its Markdown sources.

The held-out set is six fictional Joint Forward Plans written independently of the
rule pack, used to measure how jfp generalises to plans it was not tuned on. The
sources live in ``src/`` as a small Markdown subset (``#`` headings, ``-`` bullets,
pipe tables, ``**bold**``, ``_italic_``); this script renders them to DOCX (with real
heading styles, or with fake bold-paragraph headings for one document) and, for two
of them, to PDF through LibreOffice. It also checks ``labels.json`` and can print the
label matrix for the README.

usage: python build.py [--no-pdf] [--table]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
FIXED_TIME = dt.datetime(2025, 3, 1, 9, 0, 0)
FIXED_ZIP_TIME = (2025, 3, 1, 9, 0, 0)

IDS = [
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties",
    "quality", "inequalities", "patient-involvement", "public-involvement",
    "patient-choice", "advice", "innovation", "research", "education-training",
    "climate-change", "abuse-victims", "children-young-people",
    "consultation-summary", "hwb-opinion", "equality-duty", "five-year-horizon",
    "delivery-focus", "workforce", "performance", "digital-data", "estates",
    "procurement", "population-health", "system-development", "social-economic",
]
CODES = [f"S{i:02d}" for i in range(1, 18)] + [f"P{i:02d}" for i in range(1, 6)] + [
    f"R{i:02d}" for i in range(1, 9)
]
STATUSES = {"met", "partial", "missing"}


@dataclass
class Target:
    """One document of the set: its source and the outputs made from it."""

    source: str
    docx: bool = False
    pdf: bool = False
    fake_headings: bool = False
    copy_md: bool = False
    footer: str = ""
    outputs: list[str] = field(default_factory=list)


TARGETS = [
    Target("wrenmoor-lifestages.md", docx=True,
           footer="Wrenmoor and Axdale Joint Forward Plan 2025/26 to 2029/30"),
    Target("lowfield-sdp.md", docx=True, pdf=True),
    Target("saltmarsh-narrative.md", docx=True, pdf=True),
    Target("millbrook-easyread.md", docx=True, fake_headings=True),
    Target("fellbridge-annexe.md", docx=True, footer="Annexe B - draft v0.9"),
    Target("kingsferry-notes.md", copy_md=True),
]


@dataclass
class Block:
    """A parsed Markdown block: heading, paragraph, bullet or table."""

    kind: str
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


def parse_markdown(text: str) -> list[Block]:
    """Split the Markdown subset used by the sources into blocks."""
    blocks: list[Block] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", " ".join(para)))
            para.clear()
        if table:
            blocks.append(Block("table", rows=[r[:] for r in table]))
            table.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if line.startswith("|"):
            if para:
                flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue  # the header separator row
            table.append(cells)
            continue
        if table:
            flush()
        m = re.match(r"^(#{1,4})\s+(.*)$", line)
        if m:
            flush()
            blocks.append(Block("heading", m.group(2), level=len(m.group(1))))
            continue
        m = re.match(r"^(\s*)-\s+(.*)$", line)
        if m:
            flush()
            blocks.append(Block("bullet", m.group(2), level=1 + len(m.group(1)) // 2))
            continue
        para.append(line.strip())
    flush()
    return blocks


def add_runs(paragraph, text: str, bold_all: bool = False) -> None:
    """Add text to a python-docx paragraph, honouring **bold** and _italic_."""
    for part in re.split(r"(\*\*[^*]+\*\*|(?<!\w)_[^_]+_(?!\w))", text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**"):
            run = paragraph.add_run(part[2:-2])
            run.bold = True
        elif part.startswith("_") and part.endswith("_") and len(part) > 2:
            run = paragraph.add_run(part[1:-1])
            run.italic = True
            run.bold = bold_all or None
        else:
            run = paragraph.add_run(part)
            if bold_all:
                run.bold = True


def render_docx(blocks: list[Block], out: Path, target: Target) -> None:
    """Write blocks to a DOCX file with python-docx."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.author = "Held-out set (fictional)"
    props.title = blocks[0].text if blocks else out.stem
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_modified_by = "build.py"
    props.revision = 1
    if target.footer:
        document.sections[0].footer.paragraphs[0].text = target.footer

    for block in blocks:
        if block.kind == "heading":
            if target.fake_headings:
                # A plain paragraph that only looks like a heading: what many
                # easy read and summary documents do.
                p = document.add_paragraph()
                add_runs(p, block.text, bold_all=True)
                size = {1: 18, 2: 14}.get(block.level, 12)
                for run in p.runs:
                    run.font.size = Pt(size)
            else:
                document.add_heading(block.text, level=min(block.level, 3))
        elif block.kind == "para":
            add_runs(document.add_paragraph(), block.text)
        elif block.kind == "bullet":
            style = "List Bullet" if block.level <= 1 else "List Bullet 2"
            add_runs(document.add_paragraph(style=style), block.text)
        elif block.kind == "table":
            ncols = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=ncols)
            table.style = "Table Grid"
            for i, row in enumerate(block.rows):
                for j in range(ncols):
                    cell = table.cell(i, j)
                    cell.text = ""
                    add_runs(cell.paragraphs[0], row[j] if j < len(row) else "",
                             bold_all=(i == 0))
    tmp = out.with_suffix(".tmp.docx")
    document.save(tmp)
    normalise_zip(tmp, out)
    tmp.unlink()


def normalise_zip(src: Path, dst: Path) -> None:
    """Rewrite a zip with fixed timestamps so builds are byte-identical."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            zout.writestr(info, zin.read(item.filename))


def render_pdf(docx_path: Path, out: Path) -> None:
    """Convert a DOCX to PDF with LibreOffice and pin its volatile metadata."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found; use --no-pdf")
    with tempfile.TemporaryDirectory() as tmpdir:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmpdir}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", tmpdir, str(docx_path)],
            check=True, capture_output=True, timeout=300,
        )
        data = (Path(tmpdir) / (docx_path.stem + ".pdf")).read_bytes()
    # Same-length substitutions keep the xref offsets valid.
    data = re.sub(rb"D:\d{14}[+\-Z][0-9']*", lambda m: b"D:20250301090000" +
                  b"0" * (len(m.group(0)) - 16), data)
    data = re.sub(rb"<[0-9A-F]{32}>", b"<" + b"0" * 32 + b">", data)
    data = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + b"0" * 32, data)
    out.write_bytes(data)


def word_count(text: str) -> int:
    """Count words in a source, ignoring Markdown markup."""
    return len(re.findall(r"[A-Za-z0-9£%'][^\s|#*_]*", text))


def check_labels() -> dict:
    """Load labels.json and check every document has all 30 ids with valid statuses."""
    labels = json.loads((HERE / "labels.json").read_text())
    for name, entry in labels["documents"].items():
        got = entry["labels"]
        missing = set(IDS) - set(got)
        extra = set(got) - set(IDS)
        bad = {k: v for k, v in got.items() if v not in STATUSES}
        if missing or extra or bad:
            raise SystemExit(f"{name}: missing={missing} extra={extra} bad={bad}")
        if not (HERE / name).exists():
            print(f"warning: {name} is labelled but not built", file=sys.stderr)
    return labels


def label_table(labels: dict) -> str:
    """Render the label matrix as a Markdown table."""
    docs = list(labels["documents"])
    lines = ["| code | id | " + " | ".join(docs) + " |",
             "|---|---|" + "---|" * len(docs)]
    for code, rid in zip(CODES, IDS):
        cells = [labels["documents"][d]["labels"][rid] for d in docs]
        lines.append(f"| {code} | {rid} | " + " | ".join(cells) + " |")
    counts = []
    for d in docs:
        vals = list(labels["documents"][d]["labels"].values())
        counts.append("/".join(str(vals.count(s)) for s in ("met", "partial", "missing")))
    lines.append("| | met/partial/missing | " + " | ".join(counts) + " |")
    return "\n".join(lines)


def main() -> int:
    """Build every target, then check the labels."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="skip LibreOffice")
    parser.add_argument("--table", action="store_true", help="print the label matrix")
    args = parser.parse_args()

    for target in TARGETS:
        text = (SRC / target.source).read_text(encoding="utf-8")
        words = word_count(text)
        stem = Path(target.source).stem
        if not 1500 <= words <= 6000:
            print(f"warning: {target.source} has {words} words", file=sys.stderr)
        if target.copy_md:
            (HERE / target.source).write_text(text, encoding="utf-8")
        if target.docx:
            render_docx(parse_markdown(text), HERE / f"{stem}.docx", target)
        if target.pdf and not args.no_pdf:
            render_pdf(HERE / f"{stem}.docx", HERE / f"{stem}.pdf")
        print(f"{target.source}: {words} words")

    labels = check_labels()
    if args.table:
        print(label_table(labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
