#!/usr/bin/env python3
"""Build the blind10 sealed test set from src/ and write labels.json.

usage: build.py [--no-pdf]

Sources in src/ are Markdown-like: one non-empty line = one paragraph; '#' is the
document title (Word "Title" style), '##' Heading 1, '###' Heading 2, '####' Heading 3;
'- ' bullets (Word "List Bullet"); '|' table rows (first row is the header, a '|---|'
row is skipped). Extra conventions, defined for this set:

  fake headings   (pennerby-numbered.md) headings are written as bold Normal paragraphs
                  in larger type (title 18pt, '##' 15pt, '###' 12.5pt, '####' 11pt bold
                  italic), never with a Word heading style; their "3.2.1" numbers are
                  part of the text. In its Glossary, the term before the first colon
                  is bold.
  @keep text      (excerpts/e09-plain.txt) a line kept readable in the garbled excerpt.

Outputs:
  docs/brantwick-soarside-scp-2026-31-merged.{docx,pdf,md}  from src/brantwick-merged.md
                        (DOCX with a "Page N" footer; PDF converted from that DOCX by
                        LibreOffice; Markdown copy of the source; parity group)
  docs/quillmarsh-orrindale-jfp-2025-30-commitments.docx  from src/quillmarsh-register.md
  docs/pennerby-skelbrook-jfp-2026-31-numbered.pdf        from src/pennerby-numbered.md
                        (PDF only: built from a throw-away DOCX with fake headings)
  docs/dunlow-marram-plan-2027-32-consultation-draft.docx from src/dunlow-consultation.md
                        (running header "DRAFT FOR CONSULTATION")
  docs/ferrowby-coldmere-plan-on-a-page-2026-31.md        copy of src/ferrowby-house.md
  excerpts/eNN.txt       copies of src/excerpts/eNN.txt; e09 is src/excerpts/e09-plain.txt
                         as pdftotext prints a PDF whose subset font maps every glyph 29
                         code points below its letter ("and" -> "DQG"): letters shifted,
                         digits, punctuation and spaces intact, lines wrapped at 78
                         characters, '@keep' lines readable, ending with a form feed
  labels.json            from src/labels.yaml (notes dropped)
  README.md              label matrix between the labels markers

Deterministic on one machine: DOCX zip timestamps, member order and core properties are
fixed, and the PDF /CreationDate, /ModDate, XMP dates, /ID and /DocChecksum written by
LibreOffice are overwritten in place with fixed values of the same length. LibreOffice
runs with a throw-away user profile.

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
import textwrap
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

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
STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
FAKE_SIZES = {1: 18, 2: 15, 3: 12.5, 4: 11}


# ---------------------------------------------------------------- parsing

def parse(text: str) -> list[tuple]:
    """Split source text into blocks (kind, payload)."""
    blocks: list[tuple] = []
    table = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            if table is None:
                table = []
                blocks.append(("table", table))
            table.append(cells)
            continue
        table = None
        if not line.strip():
            continue
        m = re.match(r"^(#{1,4}) (.*)$", line)
        if m:
            blocks.append(("heading", (len(m.group(1)), m.group(2).strip())))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:].strip()))
        else:
            blocks.append(("para", line.strip()))
    return blocks


# ---------------------------------------------------------------- documents

def new_document(title: str, font_size: float = 11) -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(font_size)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(20)
    cp = doc.core_properties
    cp.title = title
    cp.author = "blind10 build"
    cp.last_modified_by = "blind10 build"
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    return doc


def add_field(paragraph, instr: str, shown: str) -> None:
    """Append a simple field (PAGE) with a cached result."""
    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)
    b = OxmlElement("w:fldChar"); b.set(qn("w:fldCharType"), "begin"); run_with(b)
    it = OxmlElement("w:instrText"); it.set(qn("xml:space"), "preserve"); it.text = f" {instr} "; run_with(it)
    s = OxmlElement("w:fldChar"); s.set(qn("w:fldCharType"), "separate"); run_with(s)
    paragraph.add_run(shown)
    e = OxmlElement("w:fldChar"); e.set(qn("w:fldCharType"), "end"); run_with(e)


def add_table(doc: Document, rows: list[list[str]], widths: dict[str, list[float]]) -> None:
    ncols = max(len(r) for r in rows)
    w = widths.get(rows[0][0])
    t = doc.add_table(rows=0, cols=ncols)
    t.style = "Table Grid"
    if w and len(w) == ncols:
        t.autofit = False
        for j, col in enumerate(t.columns):
            col.width = Cm(w[j])
    for i, row in enumerate(rows):
        cells = t.add_row().cells
        for j in range(ncols):
            cells[j].text = row[j] if j < len(row) else ""
            if i == 0:
                for r in cells[j].paragraphs[0].runs:
                    r.bold = True
            if w and len(w) == ncols:
                cells[j].width = Cm(w[j])
    doc.add_paragraph("")


def add_blocks(doc: Document, blocks: list[tuple], fake_headings: bool = False,
               widths: dict[str, list[float]] | None = None) -> None:
    in_glossary = False
    for kind, payload in blocks:
        if kind == "table":
            add_table(doc, payload, widths or {})
            continue
        if kind == "heading":
            level, words = payload
            in_glossary = words == "Glossary"
            if fake_headings:
                p = doc.add_paragraph()
                p.paragraph_format.space_before = Pt(10 if level <= 2 else 6)
                p.paragraph_format.space_after = Pt(4)
                p.paragraph_format.keep_with_next = True
                r = p.add_run(words)
                r.bold = True
                r.font.size = Pt(FAKE_SIZES[level])
                if level == 4:
                    r.italic = True
            else:
                doc.add_paragraph(words, style=STYLES[level])
            continue
        if kind == "bullet":
            doc.add_paragraph(payload, style="List Bullet")
            continue
        p = doc.add_paragraph()
        if fake_headings and in_glossary and ":" in payload:
            term, rest = payload.split(":", 1)
            p.add_run(term + ":").bold = True
            p.add_run(rest)
        else:
            p.add_run(payload)


def save_docx(doc: Document, out: Path) -> None:
    buf = io.BytesIO()
    doc.save(buf)
    fix_zip(buf.getvalue(), out)


def fix_zip(data: bytes, out: Path) -> None:
    """Rewrite the DOCX zip with fixed timestamps and a fixed member order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))


def to_pdf(docx: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found: install libreoffice-writer-nogui or use --no-pdf")
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        profile = (tmpd / "profile").as_uri()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmpd), str(docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pdf = (tmpd / docx.with_suffix(".pdf").name).read_bytes()
    out.write_bytes(fix_pdf(pdf))


def fix_pdf(pdf: bytes) -> bytes:
    """Overwrite dates, /ID and /DocChecksum with fixed values of the same length."""
    def zero_digits(m):
        return m.group(1) + re.sub(rb"[0-9]", b"0", m.group(2)) + m.group(3)
    pdf = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)([^)]*)(\))", zero_digits, pdf)
    pdf = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(</xmp:\w+>)",
                 zero_digits, pdf)
    pdf = re.sub(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+)(>\s*\])",
                 lambda m: m.group(1) + re.sub(rb"[0-9A-Fa-f]", b"0", m.group(2)) + m.group(3), pdf)
    pdf = re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)()",
                 lambda m: m.group(1) + b"0" * len(m.group(2)), pdf)
    return pdf


def pages(pdf: Path) -> str:
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        return "?"
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, flags=re.M)
    return m.group(1) if m else "?"


# ---------------------------------------------------------------- builders

def build_docx(src: str, out: Path, title: str, header: str | None = None,
               footer_page: bool = False, fake_headings: bool = False,
               widths: dict[str, list[float]] | None = None) -> None:
    doc = new_document(title)
    sec = doc.sections[0]
    sec.header_distance = sec.footer_distance = Mm(10)
    if header:
        hp = sec.header.paragraphs[0]
        hp.add_run(header).bold = True
    if footer_page:
        fp = sec.footer.paragraphs[0]
        fp.add_run("Page ")
        add_field(fp, "PAGE", "1")
    add_blocks(doc, parse((SRC / src).read_text()), fake_headings=fake_headings, widths=widths)
    save_docx(doc, out)


def shift_garble(text: str, width: int = 78) -> str:
    """Text as pdftotext prints it from a font whose glyphs map 29 code points low."""
    def enc(ch: str) -> str:
        return chr(ord(ch) - 29) if ch.isascii() and ch.isalpha() else ch
    out_lines: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            out_lines.append("")
        elif line.startswith("@keep "):
            out_lines.append(line[6:])
        else:
            out_lines.extend("".join(enc(c) for c in w) for w in textwrap.wrap(line, width))
    return "\n".join(out_lines) + "\n\f"


def load_labels() -> dict:
    data = yaml.safe_load((SRC / "labels.yaml").read_text())["documents"]
    out = {}
    for name, entry in data.items():
        labels = entry["labels"]
        for k, v in labels.items():
            if k not in IDS or v not in STATUSES:
                sys.exit(f"{name}: bad label {k}: {v}")
        if name.startswith("docs/") and set(labels) != set(IDS):
            sys.exit(f"{name}: full documents need all 30 ids, missing {set(IDS) - set(labels)}")
        if name.startswith("excerpts/") and not 3 <= len(labels) <= 8:
            sys.exit(f"{name}: excerpts label 3-8 ids")
        for k in entry.get("notes", {}):
            if k not in labels:
                sys.exit(f"{name}: note for an unlabelled id {k}")
        rec = {"labels": {i: labels[i] for i in IDS if i in labels}}
        for meta in ("parity_group", "expect_warning"):
            if meta in entry:
                rec[meta] = entry[meta]
        out[name] = rec
    groups: dict[str, list] = {}
    for name, rec in out.items():
        if "parity_group" in rec:
            groups.setdefault(rec["parity_group"], []).append(rec["labels"])
    for g, members in groups.items():
        if any(m != members[0] for m in members):
            sys.exit(f"parity group {g}: members differ")
    return out


def matrix(labels: dict) -> str:
    docs = [n for n in labels if n.startswith("docs/")]
    lines = ["| code | id | " + " | ".join(f"`{Path(d).name}`" for d in docs) + " |",
             "|---|---|" + "---|" * len(docs)]
    for code, i in zip(CODES, IDS):
        lines.append(f"| {code} | {i} | " + " | ".join(labels[d]["labels"][i] for d in docs) + " |")
    lines += ["", "| file | met | partial | missing | warning |", "|---|---|---|---|---|"]
    for n in labels:
        if not n.startswith("excerpts/"):
            continue
        lab = labels[n]["labels"]
        cell = lambda s: ", ".join(k for k, v in lab.items() if v == s) or "-"
        lines.append(f"| `{n}` | {cell('met')} | {cell('partial')} | {cell('missing')} | "
                     f"{labels[n].get('expect_warning', '-')} |")
    tot = {s: sum(1 for e in labels.values() for v in e["labels"].values() if v == s) for s in STATUSES}
    lines += ["", "| file | met | partial | missing |", "|---|---|---|---|"]
    for n, e in labels.items():
        c = [sum(1 for v in e["labels"].values() if v == s) for s in ("met", "partial", "missing")]
        lines.append(f"| `{n}` | {c[0]} | {c[1]} | {c[2]} |")
    lines += ["", f"Totals: {tot['met']} met, {tot['partial']} partial, {tot['missing']} missing "
              f"({sum(tot.values())} labels, {len(labels)} files).", "",
              "_Generated by build.py from src/labels.yaml._"]
    return "\n".join(lines)


def main() -> None:
    no_pdf = "--no-pdf" in sys.argv[1:]
    labels = load_labels()
    DOCS.mkdir(exist_ok=True)
    EXC.mkdir(exist_ok=True)

    # 1. merged ICB's strategic commissioning plan: DOCX, PDF from it, Markdown copy
    bs = DOCS / "brantwick-soarside-scp-2026-31-merged.docx"
    build_docx("brantwick-merged.md", bs,
               "NHS Brantwick and Soarside ICB Strategic Commissioning Plan 2026/27 to 2030/31",
               footer_page=True,
               widths={"Measure": [7.0, 2.4, 2.4, 2.4, 2.4],
                       "Board": [5.0, 3.6, 8.4]})
    shutil.copyfile(SRC / "brantwick-merged.md", bs.with_suffix(".md"))
    if not no_pdf:
        to_pdf(bs, bs.with_suffix(".pdf"))

    # 2. commitments register with a logic model (DOCX)
    build_docx("quillmarsh-register.md", DOCS / "quillmarsh-orrindale-jfp-2025-30-commitments.docx",
               "NHS Quillmarsh and Orrindale ICB Joint Forward Plan 2025/26 to 2029/30",
               widths={"No.": [1.4, 10.6, 3.0, 2.4], "Inputs": [4.2, 4.6, 4.2, 4.4]})

    # 3. PDF only, headings as bold larger text with multi-level numbers
    if not no_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_docx = Path(tmp) / "pennerby-skelbrook-jfp-2026-31-numbered.docx"
            build_docx("pennerby-numbered.md", tmp_docx,
                       "NHS Pennerby and Skelbrook ICB Joint Forward Plan 2026/27 to 2030/31",
                       footer_page=True, fake_headings=True, widths={"Year": [2.6, 14.4]})
            to_pdf(tmp_docx, DOCS / "pennerby-skelbrook-jfp-2026-31-numbered.pdf")

    # 4. consultation draft with a risk register extract and a questionnaire (DOCX)
    build_docx("dunlow-consultation.md", DOCS / "dunlow-marram-plan-2027-32-consultation-draft.docx",
               "NHS Dunlow and Marram Coast ICB Five-Year Plan 2027/28 to 2031/32: draft for consultation",
               header="DRAFT FOR CONSULTATION: NOT APPROVED BY THE ICB BOARD", footer_page=True,
               widths={"Risk": [7.6, 2.6, 6.8], "No.": [1.4, 12.6, 3.0]})

    # 5. plan on a page with a delivery plan (Markdown, copied as written)
    shutil.copyfile(SRC / "ferrowby-house.md", DOCS / "ferrowby-coldmere-plan-on-a-page-2026-31.md")

    for f in sorted((SRC / "excerpts").glob("e*.txt")):
        if f.name == "e09-plain.txt":
            (EXC / "e09.txt").write_text(shift_garble(f.read_text()))
        else:
            shutil.copyfile(f, EXC / f.name)

    for name in labels:
        if not (ROOT / name).exists() and not (no_pdf and name.endswith(".pdf")):
            sys.exit(f"labelled file not built: {name}")
    built = {str(p.relative_to(ROOT)) for d in (DOCS, EXC) for p in d.iterdir()}
    if built - set(labels):
        sys.exit(f"built but not labelled: {sorted(built - set(labels))}")
    (ROOT / "labels.json").write_text(json.dumps({"documents": labels}, indent=2) + "\n")

    readme = ROOT / "README.md"
    if readme.exists():
        text = readme.read_text()
        new = re.sub(r"(<!-- labels:start -->\n).*?(<!-- labels:end -->)",
                     lambda m: m.group(1) + "\n" + matrix(labels) + "\n\n" + m.group(2), text, flags=re.S)
        readme.write_text(new)
    for p in sorted(DOCS.glob("*.pdf")):
        print(f"{p.name}: {pages(p)} pages")
    print(f"built {len(labels)} labelled files")


if __name__ == "__main__":
    main()
