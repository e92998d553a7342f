#!/usr/bin/env python3
"""Build the blind9 sealed test set from src/ and write labels.json.

usage: build.py [--no-pdf]

Sources in src/ are Markdown-like: one non-empty line = one paragraph; '#' is the
document title (Word "Title" style), '##' Heading 1, '###' Heading 2; '- ' bullets
(Word "List Bullet"); '|' table rows (first row is the header, a '|---|' row is
skipped). Extra conventions, defined for this set:

  > text          a quoted line. In wendlebury-lifecourse.md a run of consecutive '>'
                  lines is one callout box: a shaded one-cell table whose first line is
                  bold. In tarnside-yousaid.md each '>' line is a Word "Quote" paragraph.
  [^N]            (wendlebury-lifecourse.md) a footnote reference; the line
  [^N]: text      defines footnote N. In the DOCX (and so the PDF) these become real
                  Word footnotes in word/footnotes.xml; the Markdown copy keeps them as
                  Markdown footnotes.
  @pagebreak      (fenmarch-cluster.md) a page break before the next paragraph.
  @keep text      (excerpts/e16-plain.txt) a line kept readable in the garbled excerpt.

Outputs:
  docs/corrowmere-jfp-2025-30-matrix.docx               from src/corrowmere-matrix.md
  docs/wendlebury-ost-scp-2026-31-lifecourse.{docx,pdf,md} from src/wendlebury-lifecourse.md
                        (DOCX with footnotes, callout boxes, running header and "Page N of M"
                        footer; PDF converted from that DOCX by LibreOffice; Markdown copy)
  docs/tarnside-felbrook-jfp-2025-30-you-said-we-did.docx from src/tarnside-yousaid.md
  docs/wolds-cluster-joint-scp-2026-31.docx              from src/fenmarch-cluster.md
  docs/quarrendon-mell-jfp-draft-wiki-export.md          copy of src/quarrendon-wiki.md
  excerpts/eNN.txt       copies of src/excerpts/eNN.txt; e16 is src/excerpts/e16-plain.txt
                         as pdftotext prints a PDF whose embedded subset font has no
                         ToUnicode map: every character becomes "(cid:N)" with N its glyph id
                         (code point - 29, the usual TrueType glyph order), words stay apart,
                         lines wrap as on a page, '@keep' lines (a running header in a
                         standard font, the page number) stay readable, and the page ends
                         with a form feed
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
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

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
STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}
FN_REF = re.compile(r"\[\^(\d+)\]")
FN_DEF = re.compile(r"^\[\^(\d+)\]:\s*(.*)$")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---------------------------------------------------------------- parsing

def parse(text: str) -> tuple[list[tuple], dict[str, str]]:
    """Split source text into blocks (kind, payload) and footnote definitions."""
    blocks: list[tuple] = []
    notes: dict[str, str] = {}
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
        fd = FN_DEF.match(line)
        m = re.match(r"^(#{1,3}) (.*)$", line)
        if fd:
            notes[fd.group(1)] = fd.group(2)
        elif m:
            blocks.append(("heading", (len(m.group(1)), m.group(2).strip())))
        elif line.strip() == "@pagebreak":
            blocks.append(("pagebreak", None))
        elif line.startswith("> "):
            blocks.append(("quote", line[2:].strip()))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:].strip()))
        else:
            blocks.append(("para", line.strip()))
    return blocks, notes


# ---------------------------------------------------------------- documents

def new_document(title: str, font_size: int = 11) -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(font_size)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(20)
    cp = doc.core_properties
    cp.title = title
    cp.author = "blind9 build"
    cp.last_modified_by = "blind9 build"
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    return doc


def add_field(paragraph, instr: str, shown: str) -> None:
    """Append a simple field (PAGE, NUMPAGES) with a cached result."""
    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)
    b = OxmlElement("w:fldChar"); b.set(qn("w:fldCharType"), "begin"); run_with(b)
    it = OxmlElement("w:instrText"); it.set(qn("xml:space"), "preserve"); it.text = f" {instr} "; run_with(it)
    s = OxmlElement("w:fldChar"); s.set(qn("w:fldCharType"), "separate"); run_with(s)
    paragraph.add_run(shown)
    e = OxmlElement("w:fldChar"); e.set(qn("w:fldCharType"), "end"); run_with(e)


def add_text(paragraph, words: str, used_notes: list[str], bold: bool = False) -> None:
    """Add text to a paragraph, turning [^N] into Word footnote references."""
    for i, seg in enumerate(FN_REF.split(words)):
        if i % 2 == 0:
            if seg:
                run = paragraph.add_run(seg)
                run.bold = bold or None
            continue
        used_notes.append(seg)
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        va = OxmlElement("w:vertAlign"); va.set(qn("w:val"), "superscript")
        rpr.append(va)
        r.append(rpr)
        ref = OxmlElement("w:footnoteReference"); ref.set(qn("w:id"), seg)
        r.append(ref)
        paragraph._p.append(r)


def shade(cell, fill: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def add_box(doc: Document, lines: list[str], used_notes: list[str]) -> None:
    """A callout box: a shaded one-cell table, first line bold."""
    t = doc.add_table(rows=1, cols=1)
    t.style = "Table Grid"
    cell = t.rows[0].cells[0]
    shade(cell, "DCE6F1")
    first = cell.paragraphs[0]
    add_text(first, lines[0], used_notes, bold=True)
    for line in lines[1:]:
        add_text(cell.add_paragraph(), line, used_notes)
    doc.add_paragraph("")


def add_table(doc: Document, rows: list[list[str]], widths: list[float] | None) -> None:
    ncols = max(len(r) for r in rows)
    t = doc.add_table(rows=0, cols=ncols)
    t.style = "Table Grid"
    for i, row in enumerate(rows):
        cells = t.add_row().cells
        for j in range(ncols):
            cells[j].text = row[j] if j < len(row) else ""
            if i == 0:
                for r in cells[j].paragraphs[0].runs:
                    r.bold = True
            if widths and ncols == len(widths):
                cells[j].width = Cm(widths[j])
    doc.add_paragraph("")


def add_blocks(doc: Document, blocks: list[tuple], quote_mode: str = "box",
               widths: dict[int, list[float]] | None = None) -> list[str]:
    """Write blocks into the document; return the footnote ids referenced, in order."""
    used: list[str] = []
    pending_break = False
    i = 0
    while i < len(blocks):
        kind, payload = blocks[i]
        if kind == "pagebreak":
            pending_break = True
            i += 1
            continue
        if kind == "quote" and quote_mode == "box":
            lines = []
            while i < len(blocks) and blocks[i][0] == "quote":
                lines.append(blocks[i][1])
                i += 1
            add_box(doc, lines, used)
            continue
        if kind == "table":
            add_table(doc, payload, (widths or {}).get(len(payload[0])))
        else:
            if kind == "heading":
                level, words = payload
                p = doc.add_paragraph(style=STYLES[level])
            elif kind == "bullet":
                p = doc.add_paragraph(style="List Bullet")
                words = payload
            elif kind == "quote":
                p = doc.add_paragraph(style="Quote")
                words = payload
            else:
                p = doc.add_paragraph()
                words = payload
            if pending_break:
                p.paragraph_format.page_break_before = True
                pending_break = False
            add_text(p, words, used)
        i += 1
    return used


def add_footnotes(doc: Document, notes: dict[str, str], used: list[str]) -> None:
    """Create word/footnotes.xml with the separators Word expects and one note per id."""
    missing = [n for n in used if n not in notes]
    unused = [n for n in notes if n not in used]
    if missing or unused:
        sys.exit(f"footnotes: referenced but undefined {missing}, defined but unused {unused}")
    root = etree.Element(qn("w:footnotes"), nsmap={"w": W_NS})
    for fid, kind, child in (("-1", "separator", "w:separator"),
                             ("0", "continuationSeparator", "w:continuationSeparator")):
        fn = etree.SubElement(root, qn("w:footnote"))
        fn.set(qn("w:type"), kind)
        fn.set(qn("w:id"), fid)
        p = etree.SubElement(fn, qn("w:p"))
        ppr = etree.SubElement(p, qn("w:pPr"))
        sp = etree.SubElement(ppr, qn("w:spacing"))
        sp.set(qn("w:after"), "0"); sp.set(qn("w:line"), "240"); sp.set(qn("w:lineRule"), "auto")
        r = etree.SubElement(p, qn("w:r"))
        etree.SubElement(r, qn(child))
    for fid in used:
        fn = etree.SubElement(root, qn("w:footnote"))
        fn.set(qn("w:id"), fid)
        p = etree.SubElement(fn, qn("w:p"))
        r = etree.SubElement(p, qn("w:r"))
        rpr = etree.SubElement(r, qn("w:rPr"))
        va = etree.SubElement(rpr, qn("w:vertAlign")); va.set(qn("w:val"), "superscript")
        sz = etree.SubElement(rpr, qn("w:sz")); sz.set(qn("w:val"), "18")
        etree.SubElement(r, qn("w:footnoteRef"))
        r2 = etree.SubElement(p, qn("w:r"))
        rpr2 = etree.SubElement(r2, qn("w:rPr"))
        sz2 = etree.SubElement(rpr2, qn("w:sz")); sz2.set(qn("w:val"), "18")
        t = etree.SubElement(r2, qn("w:t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = " " + notes[fid]
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


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


def warn_pages(pdf: Path, expected: int) -> None:
    """Warn (do not fail) when pdfinfo reports another page count: fonts differ between machines."""
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        return
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, flags=re.M)
    if m and int(m.group(1)) != expected:
        print(f"warning: {pdf.name} has {m.group(1)} pages, expected {expected}", file=sys.stderr)


# ---------------------------------------------------------------- builders

def build_plain(src: str, out: Path, title: str, quote_mode: str = "box",
                widths: dict[int, list[float]] | None = None) -> None:
    doc = new_document(title)
    blocks, notes = parse((SRC / src).read_text())
    if notes:
        sys.exit(f"{src}: footnotes are only built for the life-course plan")
    add_blocks(doc, blocks, quote_mode=quote_mode, widths=widths)
    save_docx(doc, out)


def build_lifecourse(src: str, out: Path, title: str) -> None:
    """DOCX with footnotes, shaded callout boxes, running header and page numbers."""
    doc = new_document(title, font_size=11)
    sec = doc.sections[0]
    sec.header_distance = sec.footer_distance = Mm(10)
    hp = sec.header.paragraphs[0]
    hp.text = "NHS Wendlebury and Ost ICB | Strategic Commissioning Plan 2026/27 to 2030/31"
    fp = sec.footer.paragraphs[0]
    fp.add_run("Page ")
    add_field(fp, "PAGE", "1")
    fp.add_run(" of ")
    add_field(fp, "NUMPAGES", "1")
    blocks, notes = parse((SRC / src).read_text())
    used = add_blocks(doc, blocks, quote_mode="box")
    add_footnotes(doc, notes, used)
    save_docx(doc, out)


def cid_garble(text: str, width: int = 78) -> str:
    """Text as pdftotext prints it from a font without a ToUnicode map: (cid:N) per glyph."""
    out_lines: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            out_lines.append("")
            continue
        if line.startswith("@keep "):
            out_lines.append(line[6:])
            continue
        # wrap as the page did (about 78 characters a line), then encode each glyph
        for wrapped in textwrap.wrap(line, width):
            words = []
            for w in wrapped.split(" "):
                words.append("".join(f"(cid:{ord(ch) - 29})" for ch in w))
            out_lines.append(" ".join(words))
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
        if name.startswith("excerpts/") and not 3 <= len(labels) <= 12:
            sys.exit(f"{name}: excerpts label 3-12 ids")
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
              f"({sum(tot.values())} labels, {len(labels)} documents).", "",
              "_Generated by build.py from src/labels.yaml._"]
    return "\n".join(lines)


def main() -> None:
    no_pdf = "--no-pdf" in sys.argv[1:]
    labels = load_labels()
    DOCS.mkdir(exist_ok=True)
    EXC.mkdir(exist_ok=True)

    # 1. short plan with a statutory requirements compliance matrix (DOCX)
    build_plain("corrowmere-matrix.md", DOCS / "corrowmere-jfp-2025-30-matrix.docx",
                "NHS Corrowmere and Blackwater Vale ICB Joint Forward Plan 2025/26 to 2029/30",
                widths={3: [4.2, 10.8, 2.0]})

    # 2. life-course plan: DOCX with footnotes, PDF from it, Markdown copy (parity group)
    wl = DOCS / "wendlebury-ost-scp-2026-31-lifecourse.docx"
    build_lifecourse("wendlebury-lifecourse.md", wl,
                     "NHS Wendlebury and Ost ICB Strategic Commissioning Plan 2026/27 to 2030/31")
    shutil.copyfile(SRC / "wendlebury-lifecourse.md", wl.with_suffix(".md"))
    if not no_pdf:
        to_pdf(wl, wl.with_suffix(".pdf"))
        warn_pages(wl.with_suffix(".pdf"), 6)

    # 3. "You said, we did" plan (DOCX, quotes in Word's Quote style)
    build_plain("tarnside-yousaid.md", DOCS / "tarnside-felbrook-jfp-2025-30-you-said-we-did.docx",
                "NHS Tarnside and Felbrook ICB Joint Forward Plan 2025 to 2030: You said, we did",
                quote_mode="quote")

    # 4. joint plan of a cluster of three ICBs (DOCX)
    build_plain("fenmarch-cluster.md", DOCS / "wolds-cluster-joint-scp-2026-31.docx",
                "The Wolds Cluster Joint Strategic Commissioning Plan 2026/27 to 2030/31")

    # 5. wiki export of a draft plan (Markdown, copied as written)
    shutil.copyfile(SRC / "quarrendon-wiki.md", DOCS / "quarrendon-mell-jfp-draft-wiki-export.md")

    for f in sorted((SRC / "excerpts").glob("e*.txt")):
        if f.name == "e16-plain.txt":
            (EXC / "e16.txt").write_text(cid_garble(f.read_text()))
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
    print(f"built {len(labels)} labelled files")


if __name__ == "__main__":
    main()
