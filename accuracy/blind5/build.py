#!/usr/bin/env python3
"""Build the blind5 sealed test set from src/ and write labels.json.

usage: build.py [--no-pdf]

Reads the Markdown-like sources in src/ (one non-empty line = one paragraph;
'#', '##', '###' headings; '- ' bullets; '|' table rows; '**' bold lines;
'::: landscape cols=N' / '::: portrait' section breaks), writes DOCX files with
python-docx, converts DOCX to PDF with LibreOffice (soffice), copies the
Markdown and excerpt sources, and writes labels.json from src/labels.yaml.

The build is deterministic on one machine: DOCX zip timestamps and core
properties are fixed, and the PDF creation date, /ID and /DocChecksum written
by LibreOffice are overwritten in place with fixed values of the same length.

Run with the project venv: /work/main/.venv/bin/python build.py
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "src"
DOCS = ROOT / "docs"
EXC = ROOT / "excerpts"

IDS = [
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties",
    "quality", "inequalities", "patient-involvement", "public-involvement",
    "patient-choice", "advice", "innovation", "research", "education-training",
    "climate-change", "abuse-victims", "children-young-people",
    "consultation-summary", "hwb-opinion", "equality-duty", "five-year-horizon",
    "delivery-focus", "workforce", "performance", "digital-data", "estates",
    "procurement", "population-health", "system-development", "social-economic",
]
CODES = (["S%02d" % i for i in range(1, 18)] + ["P%02d" % i for i in range(1, 6)]
         + ["R%02d" % i for i in range(1, 9)])
STATUSES = {"met", "partial", "missing"}
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)

# Heading style per Markdown level, per document. None = bold Normal paragraph.
STYLE_MAPS = {
    "default": {1: "Title", 2: "Heading 1", 3: "Heading 2"},
    "minutes": {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"},
    # thin plan: only one real Word heading style (Heading 1).
    "thin": {1: None, 2: "Heading 1", 3: None},
}
DOC_STYLE = {"thin": "thin", "minutes": "minutes"}
TITLES = {
    "scp": "Five-year strategic commissioning plan 2026/27 to 2030/31",
    "narrative": "Wenlow Valley Joint Forward Plan 2025/26 to 2029/30",
    "thin": "Joint Forward Plan 2024/25 to 2028/29",
    "web": "Our Joint Forward Plan",
    "minutes": "Health and Wellbeing Board minutes, 13 March 2025",
    "briefing": "Plans that deliver: getting joint forward plans right",
}


# ----------------------------------------------------------------------------- parsing
def parse(text: str) -> list[tuple]:
    """Split source text into blocks: (kind, payload)."""
    blocks: list[tuple] = []
    table: list[list[str]] | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue  # separator row
            if table is None:
                table = []
                blocks.append(("table", table))
            table.append(cells)
            continue
        table = None
        if not line.strip():
            continue
        m = re.match(r"^:::\s*(landscape|portrait)(?:\s+cols=(\d+))?\s*$", line)
        if m:
            blocks.append(("section", (m.group(1), int(m.group(2) or 1))))
            continue
        m = re.match(r"^(#{1,3}) (.*)$", line)
        if m:
            blocks.append(("heading", (len(m.group(1)), m.group(2).strip())))
            continue
        if line.startswith("- "):
            blocks.append(("bullet", line[2:].strip()))
            continue
        if line.startswith("**"):
            blocks.append(("bold", line.strip("*").strip()))
            continue
        blocks.append(("para", line.strip()))
    return blocks


def markdown_text(text: str) -> str:
    """The Markdown file shipped for a source: the source minus layout directives."""
    lines = [ln for ln in text.splitlines() if not ln.startswith(":::")]
    return "\n".join(lines).rstrip() + "\n"


# ----------------------------------------------------------------------------- DOCX
def set_columns(section, num: int) -> None:
    """Set the number of text columns of a section (python-docx has no API for it)."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:cols")):
        sect_pr.remove(old)
    cols = OxmlElement("w:cols")
    cols.set(qn("w:num"), str(num))
    cols.set(qn("w:space"), "567")
    sect_pr.append(cols)


def orient(section, kind: str) -> None:
    """Portrait or landscape A4."""
    from docx.shared import Mm
    if kind == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)


def build_docx(key: str, text: str, out: Path) -> None:
    """Render the parsed source to a DOCX at `out`."""
    style_map = STYLE_MAPS[DOC_STYLE.get(key, "default")]
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    orient(doc.sections[0], "portrait")
    for kind, payload in parse(text):
        if kind == "section":
            orientation, ncols = payload
            sec = doc.add_section(WD_SECTION.NEW_PAGE)
            orient(sec, orientation)
            set_columns(sec, ncols)
        elif kind == "heading":
            level, txt = payload
            style = style_map[level]
            if style is None:
                p = doc.add_paragraph()
                r = p.add_run(txt)
                r.bold = True
                if level == 1:
                    r.font.size = Pt(16)
            else:
                doc.add_paragraph(txt, style=style)
        elif kind == "bullet":
            doc.add_paragraph(payload, style="List Bullet")
        elif kind == "bold":
            p = doc.add_paragraph()
            p.add_run(payload).bold = True
        elif kind == "para":
            doc.add_paragraph(payload)
        elif kind == "table":
            rows = payload
            ncols = max(len(r) for r in rows)
            t = doc.add_table(rows=len(rows), cols=ncols)
            t.style = "Table Grid"
            for i, row in enumerate(rows):
                for j in range(ncols):
                    cell = t.cell(i, j)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(row[j] if j < len(row) else "")
                    if i == 0:
                        run.bold = True
            doc.add_paragraph("")
    cp = doc.core_properties
    cp.title = TITLES.get(key, key)
    cp.author = "blind5"
    cp.last_modified_by = "blind5"
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    buf = io.BytesIO()
    doc.save(buf)
    fix_zip(buf.getvalue(), out)


def fix_zip(data: bytes, out: Path) -> None:
    """Rewrite a zip with fixed timestamps so the DOCX bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))


# ----------------------------------------------------------------------------- PDF
def to_pdf(docx_path: Path, out_pdf: Path) -> None:
    """Convert DOCX to PDF with LibreOffice, then fix volatile metadata in place."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
               "--convert-to", "pdf", "--outdir", tmp, str(docx_path)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
        produced = Path(tmp) / (docx_path.stem + ".pdf")
        data = produced.read_bytes()
    data = re.sub(rb"D:\d{14}", b"D:20260101000000", data)
    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]",
                  lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1)))
                  .replace(m.group(2), b"0" * len(m.group(2))), data)
    data = re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]+)",
                  lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))), data)
    out_pdf.write_bytes(data)


# ----------------------------------------------------------------------------- excerpts
def garble(text: str) -> str:
    """Simulate a PDF font with a broken encoding: every glyph shifted down by 29.

    Lower-case letters become shifted capitals ("and" -> "DQG"); characters that
    fall outside printable ASCII become U+FFFD, as text extractors print them.
    """
    out = []
    for ch in text:
        if ch in " \n":
            out.append(ch)
            continue
        code = ord(ch) - 29
        out.append(chr(code) if 33 <= code <= 126 else "\ufffd")
    return "".join(out)


# ----------------------------------------------------------------------------- labels
def check_labels(labels: dict, full: bool, where: str) -> None:
    """Fail loudly on an unknown id or status, or (for full documents) a missing id."""
    for k, v in labels.items():
        if k not in IDS:
            sys.exit(f"{where}: unknown id {k}")
        if v not in STATUSES:
            sys.exit(f"{where}: bad status {v} for {k}")
    if full and set(labels) != set(IDS):
        sys.exit(f"{where}: missing ids {sorted(set(IDS) - set(labels))}")


def words(text: str) -> int:
    """Rough word count of a source, ignoring Markdown markers and table rules."""
    n = 0
    for ln in text.splitlines():
        if ln.startswith(":::") or re.fullmatch(r"\|?[\s|:-]*", ln or "|"):
            continue
        ln = re.sub(r"^#+ |^- |\*\*", "", ln).replace("|", " ")
        n += len(ln.split())
    return n


def matrix(full: dict) -> str:
    """Markdown label matrix for the full documents."""
    cols = []
    for key, spec in full.items():
        for f in spec["files"]:
            cols.append((Path(f).name, spec["labels"]))
    head = "| code | id | " + " | ".join(f"`{c[0]}`" for c in cols) + " |"
    sep = "|---|---|" + "---|" * len(cols)
    rows = [head, sep]
    for code, rid in zip(CODES, IDS):
        rows.append(f"| {code} | {rid} | " + " | ".join(c[1][rid] for c in cols) + " |")
    return "\n".join(rows)


def excerpt_matrix(exc: dict) -> str:
    """Markdown table of excerpt labels."""
    rows = ["| file | met | partial | missing | warning |", "|---|---|---|---|---|"]
    for key, spec in exc.items():
        labels = {k: v for k, v in spec.items() if k in IDS}
        by = {s: ", ".join(k for k, v in labels.items() if v == s) or "-" for s in
              ("met", "partial", "missing")}
        rows.append(f"| `excerpts/{key}.txt` | {by['met']} | {by['partial']} | {by['missing']} "
                    f"| {spec.get('expect_warning', '-')} |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    """Build everything."""
    no_pdf = "--no-pdf" in argv
    spec = yaml.safe_load((SRC / "labels.yaml").read_text(encoding="utf-8"))
    DOCS.mkdir(exist_ok=True)
    EXC.mkdir(exist_ok=True)
    out_labels: dict = {}
    counts = {"met": 0, "partial": 0, "missing": 0}
    build_dir = ROOT / ".build"
    build_dir.mkdir(exist_ok=True)

    for key, d in spec["full"].items():
        check_labels(d["labels"], True, key)
        text = (SRC / d["source"]).read_text(encoding="utf-8")
        print(f"{key}: {words(text)} words")
        docx_tmp = build_dir / f"{Path(d['files'][0]).stem}.docx"
        needs_docx = any(f.endswith((".docx", ".pdf")) for f in d["files"])
        if needs_docx:
            build_docx(key, text, docx_tmp)
        for f in d["files"]:
            target = ROOT / f
            if f.endswith(".docx"):
                shutil.copyfile(docx_tmp, target)
            elif f.endswith(".pdf"):
                if no_pdf:
                    print(f"  skipped {f} (--no-pdf)")
                    continue
                to_pdf(docx_tmp, target)
            elif f.endswith(".md"):
                target.write_text(markdown_text(text), encoding="utf-8")
            entry: dict = {"labels": dict(d["labels"])}
            if d.get("parity_group"):
                entry["parity_group"] = d["parity_group"]
            if d.get("expect_warning"):
                entry["expect_warning"] = d["expect_warning"]
            out_labels[f] = entry
            for v in d["labels"].values():
                counts[v] += 1

    for key, d in spec["excerpts"].items():
        labels = {k: v for k, v in d.items() if k in IDS}
        check_labels(labels, False, key)
        extra = set(d) - set(IDS) - {"expect_warning"}
        if extra:
            sys.exit(f"{key}: unknown keys {extra}")
        plain = SRC / "excerpts" / f"{key}.plain.txt"
        if plain.exists():
            text = garble(plain.read_text(encoding="utf-8"))
        else:
            text = (SRC / "excerpts" / f"{key}.txt").read_text(encoding="utf-8")
        n = len(text.split())
        if not 80 <= n <= 500:
            print(f"  warning: {key} has {n} words")
        (EXC / f"{key}.txt").write_text(text, encoding="utf-8")
        entry = {"labels": labels}
        if d.get("expect_warning"):
            entry["expect_warning"] = d["expect_warning"]
        out_labels[f"excerpts/{key}.txt"] = entry
        for v in labels.values():
            counts[v] += 1

    (ROOT / "labels.json").write_text(
        json.dumps({"documents": out_labels}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")

    readme = ROOT / "README.md"
    if readme.exists():
        r = readme.read_text(encoding="utf-8")
        block = (f"<!-- labels:start -->\n\n{matrix(spec['full'])}\n\n"
                 f"{excerpt_matrix(spec['excerpts'])}\n\n"
                 f"Totals: {counts['met']} met, {counts['partial']} partial, "
                 f"{counts['missing']} missing ({sum(counts.values())} labels, "
                 f"{len(out_labels)} documents).\n\n"
                 f"_Generated by build.py from src/labels.yaml._\n\n<!-- labels:end -->")
        r = re.sub(r"<!-- labels:start -->.*<!-- labels:end -->", lambda m: block, r,
                   flags=re.S)
        readme.write_text(r, encoding="utf-8")

    shutil.rmtree(build_dir, ignore_errors=True)
    print(f"documents: {len(out_labels)}; labels: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
