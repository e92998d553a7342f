#!/usr/bin/env python3
"""Build the blind4 test set: five fictional JFP-style documents and labels.json.

usage: python build.py [--no-pdf]

Sources are in src/*.md (a small Markdown dialect: YAML front matter, '#'/'##'
headings, '- ' bullets, pipe tables, '\\pagebreak', '**bold**'). Labels are in
src/labels.yaml. Outputs are written beside this file:

  harrowmere-delivery.docx / .pdf / .md   (one parity group, identical text)
  wexcombe-draft.docx                     (real Heading styles, header, highlighted comments)
  calderfen-merged.pdf                    (made from a DOCX with LibreOffice; the DOCX is not kept)
  northdale-place.docx                    (fake headings: bold Normal paragraphs)
  brackenshire-easyread.docx              (large-font easy read, real Heading 1 styles)
  labels.json                             ({"documents": {FILE: {"labels": ..., "parity_group": ...}}})

The build is deterministic: DOCX zip entries get a fixed timestamp and fixed core
properties; in each PDF the creation date, /ID and /DocChecksum that LibreOffice
writes are overwritten in place with fixed values of the same length.
Needs python-docx and PyYAML; PDFs need `soffice` on PATH.
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
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
FIXED_TIME = dt.datetime(2026, 6, 1, 9, 0, 0)
ZIP_TIME = (2026, 6, 1, 9, 0, 0)

# What to build from each source: output formats, in order.
BUILDS = {
    "harrowmere-delivery": ["docx", "pdf", "md"],
    "wexcombe-draft": ["docx"],
    "calderfen-merged": ["pdf"],
    "northdale-place": ["docx"],
    "brackenshire-easyread": ["docx"],
}

IDS = [
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties",
    "quality", "inequalities", "patient-involvement", "public-involvement",
    "patient-choice", "advice", "innovation", "research", "education-training",
    "climate-change", "abuse-victims", "children-young-people",
    "consultation-summary", "hwb-opinion", "equality-duty", "five-year-horizon",
    "delivery-focus",
    "workforce", "performance", "digital-data", "estates", "procurement",
    "population-health", "system-development", "social-economic",
]
CODES = [f"S{i:02d}" for i in range(1, 18)] + [f"P{i:02d}" for i in range(1, 6)] + [
    f"R{i:02d}" for i in range(1, 9)]
STATUSES = {"met", "partial", "missing"}


# --------------------------------------------------------------------------- parsing
def parse(path: Path) -> tuple[dict, list[tuple]]:
    """Split a source file into front matter and a list of blocks."""
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = yaml.safe_load(fm)
    blocks: list[tuple] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        if line.strip() == "\\pagebreak":
            blocks.append(("pagebreak",))
            i += 1
            continue
        m = re.match(r"^(#{1,3}) (.+)$", line)
        if m:
            blocks.append(("heading", len(m.group(1)), m.group(2).strip()))
            i += 1
            continue
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                row = lines[i].strip()
                if not re.match(r"^\|[-| :]+\|$", row):
                    rows.append([c.strip() for c in row.strip("|").split("|")])
                i += 1
            widths = {len(r) for r in rows}
            if len(widths) != 1:
                raise SystemExit(f"{path.name}: ragged table starting {rows[0]}")
            blocks.append(("table", rows))
            continue
        if line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(lines[i][2:].strip())
                i += 1
            blocks.append(("bullets", items))
            continue
        para = [line.strip()]
        i += 1
        while i < len(lines) and lines[i].strip() and not re.match(
                r"^(#{1,3} |\||- |\\pagebreak)", lines[i]):
            para.append(lines[i].strip())
            i += 1
        blocks.append(("para", " ".join(para)))
    return meta, blocks


def runs(text: str) -> list[tuple[str, bool]]:
    """Split '**bold**' markup into (text, bold) runs."""
    out = []
    for k, part in enumerate(re.split(r"\*\*", text)):
        if part:
            out.append((part, k % 2 == 1))
    return out


def plain(text: str) -> str:
    return text.replace("**", "")


# --------------------------------------------------------------------------- DOCX
def add_runs(par, text: str, size=None, italic=False):
    for t, bold in runs(text):
        r = par.add_run(t)
        r.bold = bold or None
        if italic:
            r.italic = True
        if size:
            r.font.size = Pt(size)


def build_docx(meta: dict, blocks: list[tuple]) -> bytes:
    """Render blocks to DOCX bytes with fixed metadata and zip timestamps."""
    doc = Document()
    easy = bool(meta.get("easy_read"))
    fake = bool(meta.get("fake_headings"))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(16 if easy else 11)
    if easy:
        normal.paragraph_format.line_spacing = 1.5
        normal.paragraph_format.space_after = Pt(10)
        h1 = doc.styles["Heading 1"]
        h1.font.size = Pt(28)
        h1.font.name = "Arial"
        doc.styles["Title"].font.size = Pt(36)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        doc.styles[name].font.name = "Arial"

    doc.add_paragraph(meta["title"], style="Title")
    for sub in meta.get("subtitle", []):
        doc.add_paragraph(sub, style="Subtitle")

    section = doc.sections[0]
    if meta.get("header"):
        section.header.paragraphs[0].text = meta["header"]
    if meta.get("footer"):
        section.footer.paragraphs[0].text = meta["footer"]

    for b in blocks:
        kind = b[0]
        if kind == "pagebreak":
            doc.add_page_break()
        elif kind == "heading":
            level, text = b[1], b[2]
            if fake:
                # Fake heading: a Normal paragraph in bold, slightly larger.
                p = doc.add_paragraph()
                r = p.add_run(plain(text))
                r.bold = True
                r.font.size = Pt(14 if level == 1 else 12)
                p.paragraph_format.space_before = Pt(12)
            else:
                doc.add_heading(plain(text), level=level)
        elif kind == "para":
            text = b[1]
            p = doc.add_paragraph()
            is_picture = text.startswith("[Picture:")
            add_runs(p, text, italic=is_picture)
            if meta.get("header") and (text.startswith("[") or text.startswith("Owner:")):
                for r in p.runs:
                    r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif kind == "bullets":
            for item in b[1]:
                p = doc.add_paragraph(style="List Bullet")
                add_runs(p, item)
        elif kind == "table":
            rows = b[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for ri, row in enumerate(rows):
                for ci, cell_text in enumerate(row):
                    cell = table.cell(ri, ci)
                    cell.text = ""
                    p = cell.paragraphs[0]
                    for t, bold in runs(cell_text):
                        r = p.add_run(t)
                        r.bold = True if ri == 0 else (bold or None)
                        if not easy:
                            r.font.size = Pt(9.5)
            doc.add_paragraph()

    cp = doc.core_properties
    cp.title = meta.get("core_title", meta["title"])
    cp.author = meta.get("core_author", "")
    cp.last_modified_by = meta.get("core_author", "")
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    cp.comments = ""
    cp.keywords = ""
    cp.subject = ""
    cp.category = ""

    buf = io.BytesIO()
    doc.save(buf)
    return fix_zip(buf.getvalue())


def fix_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, keeping entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- Markdown
def build_md(meta: dict, blocks: list[tuple]) -> str:
    """Render blocks to Markdown with the same text as the DOCX."""
    out = [f"# {meta['title']}", ""]
    for sub in meta.get("subtitle", []):
        out += [sub, ""]
    for b in blocks:
        kind = b[0]
        if kind == "pagebreak":
            continue
        if kind == "heading":
            out += ["#" * (b[1] + 1) + " " + b[2], ""]
        elif kind == "para":
            out += [b[1], ""]
        elif kind == "bullets":
            out += [f"- {item}" for item in b[1]] + [""]
        elif kind == "table":
            rows = b[1]
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- PDF
def build_pdf(docx_bytes: bytes, stem: str) -> bytes:
    """Convert DOCX bytes to PDF with LibreOffice and fix volatile metadata."""
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("soffice not found on PATH (use --no-pdf to skip PDFs)")
    with tempfile.TemporaryDirectory(prefix="blind4-") as tmp:
        tmp = Path(tmp)
        src = tmp / f"{stem}.docx"
        src.write_bytes(docx_bytes)
        profile = tmp / "lo-profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp), str(src)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        pdf = (tmp / f"{stem}.pdf").read_bytes()
    return fix_pdf(pdf)


def fix_pdf(pdf: bytes) -> bytes:
    """Overwrite dates, /ID and /DocChecksum with fixed values of equal length."""
    def same_len_digits(m):
        # Keep the length; use a fixed, valid timestamp for the leading digits.
        fixed = b"20260601090000"
        digits = iter(fixed)
        body = bytes(next(digits, ord("0")) if c in b"0123456789" else c for c in m.group(2))
        return m.group(1) + body + m.group(3)

    pdf = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)([^)]*)(\))", same_len_digits, pdf)
    pdf = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]",
                 lambda m: re.sub(rb"[0-9A-Fa-f](?=[0-9A-Fa-f]*>)", b"0", m.group(0)), pdf)
    pdf = re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)",
                 lambda m: m.group(1) + b"0" * len(m.group(2)), pdf)
    return pdf


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


# --------------------------------------------------------------------------- labels
def load_labels() -> dict:
    data = yaml.safe_load((SRC / "labels.yaml").read_text(encoding="utf-8"))["documents"]
    for stem, entry in data.items():
        labels = entry["labels"]
        missing = [i for i in IDS if i not in labels]
        extra = [i for i in labels if i not in IDS]
        bad = {i: s for i, s in labels.items() if s not in STATUSES}
        if missing or extra or bad:
            raise SystemExit(f"labels for {stem}: missing {missing}, unknown {extra}, bad {bad}")
        expected = [f"{stem}.{fmt}" for fmt in BUILDS[stem]]
        if sorted(entry["files"]) != sorted(expected):
            raise SystemExit(f"labels for {stem}: files {entry['files']} != {expected}")
    return data


def word_count(meta: dict, blocks: list[tuple]) -> int:
    text = [meta["title"], *meta.get("subtitle", []), meta.get("header", ""),
            meta.get("footer", "")]
    for b in blocks:
        if b[0] == "heading":
            text.append(b[2])
        elif b[0] == "para":
            text.append(b[1])
        elif b[0] == "bullets":
            text += b[1]
        elif b[0] == "table":
            text += [c for row in b[1] for c in row]
    return len([w for w in " ".join(text).split() if re.search(r"[A-Za-z0-9]", w)])


def label_matrix(data: dict) -> str:
    cols = []
    for stem in data:
        cols.append(stem)
    head = "| code | id | " + " | ".join(cols) + " |"
    sep = "|---|---|" + "---|" * len(cols)
    rows = [head, sep]
    for code, rid in zip(CODES, IDS):
        rows.append(f"| {code} | {rid} | " + " | ".join(data[s]["labels"][rid] for s in cols) + " |")
    counts = []
    for s in cols:
        lab = data[s]["labels"].values()
        counts.append("/".join(str(sum(1 for v in lab if v == k)) for k in ("met", "partial", "missing")))
    rows.append("| | **met/partial/missing** | " + " | ".join(counts) + " |")
    return "\n".join(rows)


def update_readme(data: dict) -> None:
    readme = HERE / "README.md"
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- labels:start -->", "<!-- labels:end -->"
    if start not in text or end not in text:
        return
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    block = f"{start}\n\n{label_matrix(data)}\n\n_Generated by build.py from src/labels.yaml._\n\n{end}"
    readme.write_text(before + block + after, encoding="utf-8")


# --------------------------------------------------------------------------- main
def main(argv: list[str]) -> int:
    no_pdf = "--no-pdf" in argv
    data = load_labels()
    out_docs = {}
    for stem, formats in BUILDS.items():
        meta, blocks = parse(SRC / f"{stem}.md")
        words = word_count(meta, blocks)
        docx_bytes = build_docx(meta, blocks)
        for fmt in formats:
            name = f"{stem}.{fmt}"
            if fmt == "docx":
                (HERE / name).write_bytes(docx_bytes)
            elif fmt == "md":
                (HERE / name).write_text(build_md(meta, blocks), encoding="utf-8")
            elif fmt == "pdf":
                if no_pdf:
                    print(f"skip   {name} (--no-pdf)")
                    continue
                pdf = build_pdf(docx_bytes, stem)
                (HERE / name).write_bytes(pdf)
                print(f"       {name}: {pdf_pages(pdf)} pages")
            entry = {"labels": dict(data[stem]["labels"])}
            if data[stem].get("parity_group"):
                entry["parity_group"] = data[stem]["parity_group"]
            out_docs[name] = entry
            print(f"wrote  {name} ({words} words)")
    (HERE / "labels.json").write_text(
        json.dumps({"documents": out_docs}, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    update_readme(data)
    print(f"wrote  labels.json ({len(out_docs)} documents)")
    for stem in data:
        lab = data[stem]["labels"].values()
        print(f"  {stem}: " + " / ".join(
            f"{k} {sum(1 for v in lab if v == k)}" for k in ("met", "partial", "missing")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
