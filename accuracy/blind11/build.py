#!/usr/bin/env python3
"""Build the blind11 sealed test set from src/ and write labels.json.

usage: build.py [--no-pdf]

Sources in src/ are Markdown-like: one non-empty line = one paragraph; '#' is the
document title (Word "Title" style), '##' Heading 1, '###' Heading 2, '####' Heading 3;
'- ' bullets (Word "List Bullet"); '|' table rows (first row is the header, a '|---|'
row is skipped); '**bold**' and '*italic*' inline. Extra conventions, defined for this set:

  fake headings   (wystanbury-template.md) every heading, the title included, is a bold
                  Normal paragraph in larger type (title 17pt, '##' 14pt, '###' 12pt),
                  never a Word heading style.
  > text          (caldwen-crossborder.md) a call-out: a shaded one-cell table.
  [box] ... [/box] (wrexley-istatements.md) a real Word text box (DrawingML wps:txbx,
                  inline, auto-fit height); the first line is its bold title. The text
                  lives in w:txbxContent, not in body paragraphs.
  [^N] / [^N]: t  (wrexley-istatements.md) real Word endnotes in word/endnotes.xml; the
                  "## Notes" heading and the definition lines are not body text.
  RAG cells       (bellbrook-refresh.md) status cells "Complete", "Green", "Amber", "Red",
                  "Closed" are shaded blue, green, amber, red and grey.
  @keep text      (excerpts/e07-plain.txt) a line kept readable in the garbled excerpt.

Outputs:
  docs/threlmoor-ashwade-jfp-2025-30-places.{docx,pdf}  from src/threlmoor-places.md
                        (DOCX, real heading styles, "Page N" footer; the PDF is converted
                        from that DOCX by LibreOffice; parity group threlmoor-ashwade)
  docs/bellbrook-orme-jfp-2026-27-refresh-progress.pdf  from src/bellbrook-refresh.md
                        (PDF only, from a throw-away DOCX with real heading styles, a
                        running header, a "Page N" footer and RAG-shaded status cells)
  docs/wystanbury-calmouth-scp-2026-31-template.docx    from src/wystanbury-template.md
                        (DOCX, fake headings, nearly all content in table cells)
  docs/brindlecombe-scp-2026-31-summary-heavy.md        copy of src/brindlecombe-summary.md
  docs/caldwen-marches-jfp-2025-30-cross-border.pdf     from src/caldwen-crossborder.md
                        (PDF only, from a throw-away DOCX with real heading styles, a
                        running header, "Page N" footer and one shaded call-out table)
  docs/wrexley-hallowfield-jfp-2024-29-i-statements.docx from src/wrexley-istatements.md
                        (DOCX, real heading styles, three text boxes, six endnotes)
  excerpts/eNN.txt       copies of src/excerpts/eNN.txt; e07 is src/excerpts/e07-plain.txt
                         as pdftotext prints a PDF whose subset font maps each letter to
                         another by a fixed substitution (the QWERTY order: a->q, b->w,
                         c->e, ...; case kept), digits, punctuation and spaces intact,
                         lines wrapped at 78 characters, '@keep' lines readable, ending
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
import string
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
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
FAKE_SIZES = {1: 17, 2: 14, 3: 12, 4: 11}
RAG = {"Complete": "BDD7EE", "Green": "C6EFCE", "Amber": "FFEB9C", "Red": "FFC7CE",
       "Closed": "D9D9D9"}
NS_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ENDNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
QWERTY = "qwertyuiopasdfghjklzxcvbnm"


# ---------------------------------------------------------------- parsing

def parse(text: str) -> tuple[list[tuple], dict[str, str]]:
    """Split source text into blocks (kind, payload) and endnote definitions."""
    blocks: list[tuple] = []
    notes: dict[str, str] = {}
    table = None
    box = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if box is not None:
            if line.strip() == "[/box]":
                blocks.append(("box", box))
                box = None
            elif line.strip():
                box.append(line.strip())
            continue
        if line.strip() == "[box]":
            box = []
            table = None
            continue
        m = re.match(r"^\[\^(\d+)\]:\s*(.*)$", line)
        if m:
            notes[m.group(1)] = m.group(2)
            table = None
            continue
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
        elif line.startswith("> "):
            blocks.append(("callout", line[2:].strip()))
        else:
            blocks.append(("para", line.strip()))
    return blocks, notes


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
    cp.author = "blind11 build"
    cp.last_modified_by = "blind11 build"
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


class Endnotes:
    """A word/endnotes.xml part, created on first use."""

    def __init__(self, doc: Document, texts: dict[str, str]):
        self.doc = doc
        self.texts = texts
        self.used: list[str] = []

    def reference(self, paragraph, num: str) -> None:
        if num not in self.texts:
            sys.exit(f"endnote [^{num}] has no definition")
        if num not in self.used:
            self.used.append(num)
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        va = OxmlElement("w:vertAlign"); va.set(qn("w:val"), "superscript")
        rpr.append(va)
        r.append(rpr)
        ref = OxmlElement("w:endnoteReference"); ref.set(qn("w:id"), num)
        r.append(ref)
        paragraph._p.append(r)

    def finish(self) -> None:
        if not self.texts:
            return
        unused = set(self.texts) - set(self.used)
        if unused:
            sys.exit(f"endnotes defined but not referenced: {sorted(unused)}")
        body = [
            f'<w:endnotes xmlns:w="{NS_W}">',
            '<w:endnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:endnote>',
            '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>',
        ]
        for num in self.used:
            text = (self.texts[num].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
            body.append(
                f'<w:endnote w:id="{num}"><w:p><w:pPr><w:spacing w:after="60"/></w:pPr>'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="18"/></w:rPr><w:endnoteRef/></w:r>'
                f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {text}</w:t></w:r>'
                '</w:p></w:endnote>')
        body.append("</w:endnotes>")
        part = Part(PackURI("/word/endnotes.xml"), ENDNOTES_CT, "".join(body).encode("utf-8"),
                    self.doc.part.package)
        self.doc.part.relate_to(part, RT.ENDNOTES)
        settings = self.doc.settings.element
        pr = parse_xml(f'<w:endnotePr xmlns:w="{NS_W}"><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>')
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(pr)
        else:
            settings.append(pr)


def add_inline(paragraph, text: str, endnotes: Endnotes | None = None, bold: bool = False) -> None:
    """Add text with **bold**, *italic* and [^N] endnote markers as runs."""
    for tok in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*|\[\^\d+\])", text):
        if not tok:
            continue
        m = re.fullmatch(r"\[\^(\d+)\]", tok)
        if m:
            if endnotes is None:
                sys.exit(f"endnote marker without endnotes: {text[:40]}")
            endnotes.reference(paragraph, m.group(1))
        elif tok.startswith("**") and tok.endswith("**") and len(tok) > 4:
            paragraph.add_run(tok[2:-2]).bold = True
        elif tok.startswith("*") and tok.endswith("*") and len(tok) > 2:
            r = paragraph.add_run(tok[1:-1])
            r.italic = True
            r.bold = bold or None
        else:
            r = paragraph.add_run(tok)
            if bold:
                r.bold = True


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def add_table(doc: Document, rows: list[list[str]], widths: dict[str, list[float]],
              rag: bool = False, font_size: float | None = None) -> None:
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
            text = row[j] if j < len(row) else ""
            para = cells[j].paragraphs[0]
            add_inline(para, text, bold=(i == 0))
            if font_size:
                for r in para.runs:
                    r.font.size = Pt(font_size)
            if i == 0:
                shade(cells[j], "D9E2F3")
            elif rag and text in RAG:
                shade(cells[j], RAG[text])
            if w and len(w) == ncols:
                cells[j].width = Cm(w[j])
    doc.add_paragraph("")


def add_callout(doc: Document, text: str) -> None:
    t = doc.add_table(rows=1, cols=1)
    t.style = "Table Grid"
    cell = t.rows[0].cells[0]
    shade(cell, "EDEDED")
    add_inline(cell.paragraphs[0], text)
    doc.add_paragraph("")


def add_textbox(doc: Document, lines: list[str], shape_id: int, width_cm: float = 17.0) -> None:
    """An inline DrawingML text box (wps) with an auto-fit height."""
    cx = int(width_cm * 360000)
    chars = sum(len(x) for x in lines)
    est_lines = sum(max(1, -(-len(x) // 95)) for x in lines) + len(lines)
    cy = int((est_lines * 15 + 24) * 12700)  # about 15pt per line, plus insets
    paras = []
    for k, text in enumerate(lines):
        esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        rpr = "<w:rPr><w:b/><w:color w:val=\"1F4E79\"/></w:rPr>" if k == 0 else ""
        paras.append(f'<w:p><w:pPr><w:spacing w:after="80"/></w:pPr><w:r>{rpr}'
                     f'<w:t xml:space="preserve">{esc}</w:t></w:r></w:p>')
    xml = (
        f'<w:r xmlns:w="{NS_W}" xmlns:wp="{NS_WP}" xmlns:a="{NS_A}" xmlns:wps="{NS_WPS}">'
        '<w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Text Box {shape_id}"/>'
        '<wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="EAF1FB"/></a:solidFill>'
        '<a:ln w="12700"><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{"".join(paras)}</w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="108000" tIns="72000" rIns="108000" '
        'bIns="72000" anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr>'
        '</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(6)
    p._p.append(parse_xml(xml))
    del chars


def add_blocks(doc: Document, blocks: list[tuple], endnotes: Endnotes | None = None,
               fake_headings: bool = False, widths: dict[str, list[float]] | None = None,
               rag: bool = False, table_font: float | None = None) -> None:
    shape_id = 100
    skip_notes_heading = endnotes is not None and bool(endnotes.texts)
    for kind, payload in blocks:
        if kind == "table":
            add_table(doc, payload, widths or {}, rag=rag, font_size=table_font)
        elif kind == "box":
            shape_id += 1
            add_textbox(doc, payload, shape_id)
        elif kind == "callout":
            add_callout(doc, payload)
        elif kind == "heading":
            level, words = payload
            if skip_notes_heading and words == "Notes":
                continue
            if fake_headings:
                p = doc.add_paragraph()
                p.paragraph_format.space_before = Pt(12 if level <= 2 else 6)
                p.paragraph_format.space_after = Pt(4)
                p.paragraph_format.keep_with_next = True
                r = p.add_run(words)
                r.bold = True
                r.font.size = Pt(FAKE_SIZES[level])
            else:
                doc.add_paragraph(words, style=STYLES[level])
        elif kind == "bullet":
            add_inline(doc.add_paragraph(style="List Bullet"), payload, endnotes)
        else:
            add_inline(doc.add_paragraph(), payload, endnotes)


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
               widths: dict[str, list[float]] | None = None, rag: bool = False,
               table_font: float | None = None) -> None:
    doc = new_document(title)
    sec = doc.sections[0]
    sec.header_distance = sec.footer_distance = Mm(10)
    if header:
        hp = sec.header.paragraphs[0]
        r = hp.add_run(header)
        r.font.size = Pt(9)
    if footer_page:
        fp = sec.footer.paragraphs[0]
        fp.add_run("Page ")
        add_field(fp, "PAGE", "1")
    blocks, texts = parse((SRC / src).read_text())
    endnotes = Endnotes(doc, texts)
    add_blocks(doc, blocks, endnotes=endnotes, fake_headings=fake_headings, widths=widths,
               rag=rag, table_font=table_font)
    endnotes.finish()
    save_docx(doc, out)


def substitution_garble(text: str, width: int = 78) -> str:
    """Text as pdftotext prints it from a font whose glyphs follow a fixed substitution."""
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          QWERTY + QWERTY.upper())
    out_lines: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            out_lines.append("")
        elif line.startswith("@keep "):
            out_lines.append(line[6:])
        else:
            out_lines.extend(w.translate(table) for w in textwrap.wrap(line, width))
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

    # 1. place compendium: DOCX with real heading styles, and a PDF from it (parity group)
    th = DOCS / "threlmoor-ashwade-jfp-2025-30-places.docx"
    build_docx("threlmoor-places.md", th,
               "NHS Threlmoor and Ashwade ICB Joint Forward Plan 2025/26 to 2029/30",
               footer_page=True,
               widths={"Measure": [8.2, 2.9, 2.9, 3.0],
                       "Year": [2.4, 14.6],
                       "What we will do": [9.4, 2.6, 5.0],
                       "You told us": [7.6, 9.4]})
    if not no_pdf:
        to_pdf(th, th.with_suffix(".pdf"))

    # 2. refresh and progress report with a RAG table: PDF only
    if not no_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_docx = Path(tmp) / "bellbrook-orme-jfp-2026-27-refresh-progress.docx"
            build_docx("bellbrook-refresh.md", tmp_docx,
                       "NHS Bellbrook and Orme Valley ICB Joint Forward Plan: 2026/27 refresh",
                       header="NHS Bellbrook and Orme Valley ICB | Joint Forward Plan 2026/27 refresh",
                       footer_page=True, rag=True, table_font=9.5,
                       widths={"Ref": [1.3, 6.0, 2.0, 7.7],
                               "Area": [7.4, 3.2, 3.2, 3.2],
                               "Measure": [6.6, 2.6, 2.6, 2.6, 2.6],
                               "Year": [2.4, 14.6]})
            to_pdf(tmp_docx, DOCS / "bellbrook-orme-jfp-2026-27-refresh-progress.pdf")

    # 3. completed narrative plan template: DOCX, fake headings, content in table cells
    build_docx("wystanbury-template.md", DOCS / "wystanbury-calmouth-scp-2026-31-template.docx",
               "NHS Wystanbury and Calmouth ICB five-year strategic commissioning plan 2026/27 to 2030/31",
               footer_page=True, fake_headings=True, table_font=9.5,
               widths={"Item": [4.0, 13.0],
                       "Template prompt": [4.6, 9.2, 3.2],
                       "Board": [5.2, 2.6, 9.2],
                       "Measure": [6.6, 2.6, 2.6, 2.6, 2.6],
                       "Year": [2.4, 14.6]})

    # 4. executive-summary-heavy plan: Markdown, copied as written
    shutil.copyfile(SRC / "brindlecombe-summary.md", DOCS / "brindlecombe-scp-2026-31-summary-heavy.md")

    # 5. cross-border plan: PDF only, with a shaded call-out for the Welsh partner's text
    if not no_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_docx = Path(tmp) / "caldwen-marches-jfp-2025-30-cross-border.docx"
            build_docx("caldwen-crossborder.md", tmp_docx,
                       "NHS Caldwen Marches ICB Joint Forward Plan 2025/26 to 2029/30",
                       header="NHS Caldwen Marches ICB | Joint Forward Plan 2025/26 to 2029/30",
                       footer_page=True,
                       widths={"People told us": [8.0, 9.0], "Year": [2.4, 14.6]})
            to_pdf(tmp_docx, DOCS / "caldwen-marches-jfp-2025-30-cross-border.pdf")

    # 6. "I statements" plan with text boxes and endnotes: DOCX
    build_docx("wrexley-istatements.md", DOCS / "wrexley-hallowfield-jfp-2024-29-i-statements.docx",
               "What matters to you: NHS Wrexley and Hallowfield Joint Forward Plan 2024/25 to 2028/29",
               footer_page=True, widths={"Year": [2.4, 14.6]})

    for f in sorted((SRC / "excerpts").glob("e*.txt")):
        if f.name == "e07-plain.txt":
            (EXC / "e07.txt").write_text(substitution_garble(f.read_text()))
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
