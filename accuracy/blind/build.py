#!/usr/bin/env python3
"""Build the blind test set: five fictional plans from Markdown sources, plus labels.json.

The sources under src/ use a small Markdown subset: `#`/`##`/`###` headings, `- ` bullets,
pipe tables, `**bold**` runs, a paragraph that is wholly bold, and two directives written as
HTML comments: `<!-- columns:2 -->` / `<!-- columns:1 -->` (a continuous section break with
that many text columns). Each source is rendered to DOCX with python-docx and, where the
set needs it, converted to PDF with LibreOffice. The build is deterministic: DOCX zip
timestamps and core properties are fixed, and run-dependent PDF fields are overwritten with
fixed values of the same length.

usage: build.py [--no-pdf]    (run with a Python that has python-docx and PyYAML)
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DATE = datetime(2024, 1, 1)

REQUIREMENT_IDS = [
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties",
    "quality", "inequalities", "patient-involvement", "public-involvement", "patient-choice",
    "advice", "innovation", "research", "education-training", "climate-change",
    "abuse-victims", "children-young-people", "consultation-summary", "hwb-opinion",
    "equality-duty", "five-year-horizon", "delivery-focus", "workforce", "performance",
    "digital-data", "estates", "procurement", "population-health", "system-development",
    "social-economic",
]
CODES = [f"S{i:02d}" for i in range(1, 18)] + [f"P{i:02d}" for i in range(1, 6)] + [
    f"R{i:02d}" for i in range(1, 9)]


@dataclass
class Plan:
    """One source file and how it is rendered."""

    source: str
    outputs: tuple[str, ...]        # files kept in accuracy/blind/
    fake_headings: bool = False     # headings as bold Normal paragraphs, not Heading styles
    footer: str = ""


PLANS = [
    Plan("wyvern-scp.md", ("wyvern-scp.docx", "wyvern-scp.pdf"),
         footer="NHS Wyvern Vale ICB Strategic Commissioning Plan 2026/27 to 2030/31"),
    Plan("thornbury-refresh.md", ("thornbury-refresh.docx",),
         footer="DRAFT v0.6 - Thornbury and Mardale JFP refresh 2025/26"),
    Plan("calderbrook-priorities.md", ("calderbrook-priorities.docx",), fake_headings=True,
         footer="Our Plan for Better Health 2024 to 2029"),
    Plan("brackenmoor-board-summary.md", ("brackenmoor-board-summary.md",)),
    Plan("marshfield-jfp.md", ("marshfield-jfp.pdf",),
         footer="Marshfield and Tove Valley Joint Forward Plan 2024/25 to 2028/29"),
]

INLINE_BOLD = re.compile(r"\*\*(.+?)\*\*")
DIRECTIVE = re.compile(r"<!--\s*columns:(\d)\s*-->")


# ---------------------------------------------------------------- Markdown -> blocks

def parse_blocks(text: str) -> list[tuple[str, object]]:
    """Split the Markdown subset into (kind, payload) blocks."""
    blocks: list[tuple[str, object]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line:
            i += 1
            continue
        m = DIRECTIVE.fullmatch(line.strip())
        if m:
            blocks.append(("columns", int(m.group(1))))
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            blocks.append((f"h{level}", line[level:].strip()))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:].strip()))
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            blocks.append(("table", rows))
            continue
        else:
            blocks.append(("para", line.strip()))
        i += 1
    return blocks


# ---------------------------------------------------------------- DOCX rendering

def add_runs(par, text: str, bold: bool | None = None, size: float | None = None) -> None:
    """Add text to a paragraph, honouring **bold** spans."""
    parts = INLINE_BOLD.split(text)
    for n, part in enumerate(parts):
        if not part:
            continue
        run = par.add_run(part)
        run.bold = True if (n % 2 == 1 or bold) else None
        if size:
            run.font.size = Pt(size)


def add_page_field(par) -> None:
    """Append a PAGE field so footers carry real page numbers (as Word writes them)."""
    run = par.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        run._r.append(el)
    run2 = par.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run2._r.append(end)


def set_columns(section, count: int) -> None:
    """Give a section `count` text columns."""
    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sect_pr.append(cols)
    cols.set(qn("w:num"), str(count))
    cols.set(qn("w:space"), "567")


def render_docx(plan: Plan, blocks, out: Path) -> None:
    """Write one plan as a DOCX with real styles (or faked headings when asked)."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        doc.styles[name].font.name = "Liberation Sans"
        doc.styles[name].font.color.rgb = RGBColor(0x00, 0x30, 0x87)
    if plan.footer:
        fp = doc.sections[0].footer.paragraphs[0]
        fp.add_run(plan.footer + "  |  Page ")
        add_page_field(fp)
    for kind, payload in blocks:
        if kind == "columns":
            section = doc.add_section(WD_SECTION.CONTINUOUS)
            set_columns(section, payload)
        elif kind.startswith("h"):
            level = int(kind[1:])
            if plan.fake_headings:
                size = {1: 20, 2: 14, 3: 12}.get(level, 11)
                add_runs(doc.add_paragraph(), payload, bold=True, size=size)
            elif level == 1:
                doc.add_paragraph(payload, style="Title")
            else:
                doc.add_heading(payload, level=level - 1)
        elif kind == "bullet":
            add_runs(doc.add_paragraph(style="List Bullet"), payload)
        elif kind == "table":
            rows = payload
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    cell = table.cell(r, c)
                    cell.text = ""
                    add_runs(cell.paragraphs[0], text, bold=(r == 0) or None, size=9)
            doc.add_paragraph()
        else:
            add_runs(doc.add_paragraph(), payload)
    props = doc.core_properties
    props.author = "Blind test set"
    props.last_modified_by = "Blind test set"
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    write_normalised_zip(buf.getvalue(), out)


def write_normalised_zip(data: bytes, out: Path) -> None:
    """Rewrite a DOCX zip with fixed timestamps so rebuilds are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    out.write_bytes(buf.getvalue())


# ---------------------------------------------------------------- PDF

def to_pdf(docx: Path, out: Path, profile: Path) -> None:
    """Convert with LibreOffice, then pin the run-dependent PDF fields."""
    outdir = docx.parent
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
           "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    data = docx.with_suffix(".pdf").read_bytes()
    seed = hashlib.sha256(out.name.encode()).hexdigest().upper()

    def same_len(m: re.Match, fill: str) -> bytes:
        return m.group(0)[: m.start(1) - m.start(0)] + fill[: len(m.group(1))].encode() + \
            m.group(0)[m.end(1) - m.start(0):]

    data = re.sub(rb"/(?:CreationDate|ModDate)\s*\(D:([^)]*)\)",
                  lambda m: same_len(m, "20240101000000+00'00'" + "0" * 40), data)
    data = re.sub(rb"/ID\s*\[[^\]]*\]",
                  lambda m: re.sub(rb"[0-9A-Fa-f]{8,}",
                                   lambda h: seed[: len(h.group(0))].encode(), m.group(0)),
                  data)
    data = re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]+)", lambda m: same_len(m, seed * 2), data)
    out.write_bytes(data)


# ---------------------------------------------------------------- labels

def build_labels() -> dict:
    """Validate src/labels.yaml and return the labels.json structure."""
    spec = yaml.safe_load((SRC / "labels.yaml").read_text())["documents"]
    docs = {}
    for name, entry in spec.items():
        labels = entry["labels"]
        unknown = set(labels) - set(REQUIREMENT_IDS)
        absent = [i for i in REQUIREMENT_IDS if i not in labels]
        bad = {k: v for k, v in labels.items() if v not in ("met", "partial", "missing")}
        if unknown or absent or bad:
            sys.exit(f"{name}: unknown {unknown}, absent {absent}, bad {bad}")
        out = {"labels": {i: labels[i] for i in REQUIREMENT_IDS}}
        if entry.get("parity_group"):
            out["parity_group"] = entry["parity_group"]
        docs[name] = out
    return {"documents": docs}


def write_readme_matrix(docs: dict) -> None:
    """Regenerate the label matrix between the markers in README.md."""
    readme = HERE / "README.md"
    if not readme.exists():
        return
    names = list(docs)
    lines = ["| code | id | " + " | ".join(names) + " |",
             "|---|---|" + "---|" * len(names)]
    for code, rid in zip(CODES, REQUIREMENT_IDS):
        lines.append(f"| {code} | {rid} | " + " | ".join(docs[n]["labels"][rid] for n in names)
                     + " |")
    counts = []
    for n in names:
        vals = list(docs[n]["labels"].values())
        counts.append(f"{n}: {vals.count('met')}/{vals.count('partial')}/{vals.count('missing')}")
    lines += ["", "Counts met/partial/missing: " + "; ".join(counts) + ".", "",
              "_Generated by build.py from src/labels.yaml._"]
    text = readme.read_text()
    new = re.sub(r"(<!-- labels:start -->).*?(<!-- labels:end -->)",
                 lambda m: m.group(1) + "\n\n" + "\n".join(lines) + "\n\n" + m.group(2),
                 text, flags=re.S)
    readme.write_text(new)


# ---------------------------------------------------------------- main

def main() -> None:
    """Render every plan, write labels.json and refresh the README matrix."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="skip LibreOffice conversion")
    args = ap.parse_args()
    if not args.no_pdf and not shutil.which("soffice"):
        sys.exit("soffice not on PATH (use --no-pdf)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        profile = tmp / "lo-profile"
        for plan in PLANS:
            text = (SRC / plan.source).read_text()
            stem = Path(plan.source).stem
            for out_name in plan.outputs:
                target = HERE / out_name
                if target.suffix == ".md":
                    clean = re.sub(r"<!--.*?-->\n?", "", text)
                    target.write_text(clean)
                elif target.suffix == ".docx":
                    render_docx(plan, parse_blocks(text), target)
                elif target.suffix == ".pdf" and not args.no_pdf:
                    work = tmp / f"{stem}.docx"
                    render_docx(plan, parse_blocks(text), work)
                    to_pdf(work, target, profile)
                print(f"wrote {out_name}")
    labels = build_labels()
    (HERE / "labels.json").write_text(json.dumps(labels, indent=2) + "\n")
    write_readme_matrix(labels["documents"])
    print("wrote labels.json")


if __name__ == "__main__":
    main()
