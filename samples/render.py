"""DOCX and PDF rendering for the sample plans (used by ``build.py``).

Turns a list of source blocks into a Word document with python-docx (cover, contents,
Heading 1-3, bullets, tables, running header and "Page X of Y" footer), converts it with
LibreOffice, and makes both outputs byte-for-byte reproducible.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FIXED_TIME = dt.datetime(2025, 3, 24, 9, 0, 0)
ZIP_TIME = (2025, 3, 24, 9, 0, 0)
BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK = RGBColor(0x23, 0x1F, 0x20)


def add_field(paragraph, instr: str, placeholder: str = "1") -> None:
    """Append a Word field (PAGE, NUMPAGES) with a cached result."""
    def run_with(el):
        r = OxmlElement("w:r")
        r.append(el)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def shade(cell, fill: str) -> None:
    """Background colour of a table cell."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def repeat_header(row) -> None:
    """Repeat a table's first row on every page it spans."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def add_rich(paragraph, text: str) -> None:
    """Add text where **bold** spans become bold runs."""
    for i, part in enumerate(re.split(r"\*\*", text)):
        if part:
            paragraph.add_run(part).bold = bool(i % 2)


def setup_styles(doc) -> None:
    """Fonts, heading colours and the contents styles Word's default template lacks."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (("Title", 28), ("Heading 1", 17), ("Heading 2", 13), ("Heading 3", 11.5)):
        st = styles[name]
        st.font.name = "Arial"
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = BLUE if name != "Heading 3" else DARK
        st.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
    styles["Title"].font.color.rgb = BLUE
    # The default template's heading styles name theme fonts, which win over w:ascii.
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        rfonts = styles[name].element.rPr.find(qn("w:rFonts"))
        if rfonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
    for name in ("List Bullet",):
        styles[name].font.name = "Arial"
        styles[name].paragraph_format.space_after = Pt(3)

    def style(name: str):
        try:
            return styles[name]
        except KeyError:
            return styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)

    toc_head = style("TOC Heading")
    toc_head.base_style = normal
    toc_head.font.size = Pt(17)
    toc_head.font.bold = True
    toc_head.font.color.rgb = BLUE
    toc_head.paragraph_format.space_after = Pt(12)
    for level in (1, 2):
        st = style(f"TOC {level}")
        st.base_style = normal
        st.font.bold = level == 1
        st.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        st.paragraph_format.space_after = Pt(3 if level == 2 else 4)
        st.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def header_footer(section, header: str, footer: str) -> None:
    """Running header and "Page X of Y" footer on every page but the cover."""
    section.different_first_page_header_footer = True
    hp = section.header.paragraphs[0]
    hp.text = header
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in hp.runs:
        r.font.size = Pt(8.5)
        r.font.color.rgb = BLUE
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run(f"{footer}    Page ")
    add_field(fp, "PAGE")
    fp.add_run(" of ")
    add_field(fp, "NUMPAGES")
    for r in fp.runs:
        r.font.size = Pt(8.5)


def add_table(doc, spec: dict[str, Any]) -> None:
    """A grid table with a shaded, repeating header row."""
    header = spec["header"]
    rows = spec["rows"]
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = spec.get("widths")
    if widths:
        # LibreOffice lays a table out from its grid columns, Word from the cell widths.
        table.autofit = False
        for c, w in enumerate(widths):
            table.columns[c].width = Cm(w)
    for r, values in enumerate([header, *rows]):
        row = table.rows[r]
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.text = ""
            p = cell.paragraphs[0]
            add_rich(p, str(value))
            for run in p.runs:
                run.font.size = Pt(9)
                if r == 0:
                    run.bold = True
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            p.paragraph_format.space_after = Pt(2)
            if r == 0:
                shade(cell, "005EB8")
            if widths:
                cell.width = Cm(widths[c])
    repeat_header(table.rows[0])
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def render_docx(meta: dict[str, Any], blocks: list[dict[str, Any]], toc_pages: dict[str, int] | None) -> bytes:
    """The DOCX bytes for one variant (zip not yet normalised)."""
    doc = Document()
    setup_styles(doc)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    header_footer(section, meta["header"], meta["footer"])

    # Cover page
    for _ in range(5):
        doc.add_paragraph()
    p = doc.add_paragraph(meta["icb"])
    p.runs[0].font.size, p.runs[0].bold, p.runs[0].font.color.rgb = Pt(14), True, BLUE
    doc.add_paragraph(meta["title"], style="Title")
    sub = doc.add_paragraph(meta["subtitle"])
    sub.runs[0].font.size = Pt(15)
    for line in meta.get("cover", []):
        q = doc.add_paragraph(line)
        q.runs[0].font.size = Pt(10.5)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Contents page: static entries styled as Word's TOC levels, page numbers from a first render
    doc.add_paragraph("Contents", style="TOC Heading")
    for b in blocks:
        for key, style in (("h1", "TOC 1"), ("h2", "TOC 2")):
            if key in b and b.get("toc", True):
                text = b[key]
                page = toc_pages.get(text) if toc_pages else None
                doc.add_paragraph(f"{text}\t{page}" if page else text, style=style)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for b in blocks:
        if "h1" in b:
            if b.get("newpage"):
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_heading(b["h1"], level=1)
        elif "h2" in b:
            doc.add_heading(b["h2"], level=2)
        elif "h3" in b:
            doc.add_heading(b["h3"], level=3)
        elif "p" in b:
            add_rich(doc.add_paragraph(), b["p"].strip())
        elif "note" in b:
            q = doc.add_paragraph()
            add_rich(q, b["note"].strip())
            for r in q.runs:
                r.italic = True
        elif "bullets" in b:
            for item in b["bullets"]:
                add_rich(doc.add_paragraph(style="List Bullet"), item.strip())
        elif "table" in b:
            if b["table"].get("caption"):
                cap = doc.add_paragraph()
                cap.add_run(b["table"]["caption"]).bold = True
                cap.paragraph_format.keep_with_next = True
            add_table(doc, b["table"])
        elif "pagebreak" in b:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    cp = doc.core_properties
    cp.title = f"{meta['title']} {meta['subtitle']}"
    cp.author = meta["author"]
    cp.last_modified_by = meta["author"]
    cp.subject = "Joint Forward Plan"
    cp.keywords = "joint forward plan; NHS; integrated care board"
    cp.created = cp.modified = cp.last_printed = FIXED_TIME
    cp.revision = 1
    cp.comments = "Fictional sample plan for testing jfp."
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a DOCX zip with fixed timestamps and order so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


# ----------------------------------------------------------------------------- pdf


def to_pdf(docx: Path, workdir: Path) -> bytes:
    """Convert with a private LibreOffice profile (parallel soffice runs would clash)."""
    profile = workdir / "lo-profile"
    cmd = [
        "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
        "--convert-to", "pdf", "--outdir", str(workdir), str(docx),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return (workdir / (docx.stem + ".pdf")).read_bytes()


def fix_pdf(data: bytes, seed: str) -> bytes:
    """Overwrite LibreOffice's run-dependent dates, /ID and checksum with fixed same-length values."""
    stamp = FIXED_TIME.strftime("%Y%m%d%H%M%S")

    def date(m: re.Match[bytes]) -> bytes:
        whole = m.group(0)
        inner = m.group(2)
        fixed = (stamp.encode() + b"Z" + b"0" * len(inner))[: len(inner)]
        return whole.replace(inner, fixed, 1)

    data = re.sub(rb"(/CreationDate|/ModDate)\s*\(D:([^)]*)\)", date, data)
    digest = hashlib.sha256(seed.encode()).hexdigest().upper().encode()

    def ident(m: re.Match[bytes]) -> bytes:
        a, b = m.group(1), m.group(2)
        return m.group(0).replace(a, digest[: len(a)]).replace(b, digest[: len(b)])

    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", ident, data)
    data = re.sub(
        rb"/DocChecksum\s*/([0-9A-Fa-f]+)",
        lambda m: m.group(0).replace(m.group(1), digest[: len(m.group(1))]),
        data,
    )
    return data


def pdf_page_texts(pdf: Path) -> list[str]:
    """Text of each page (pdftotext), for finding where headings landed."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return out.split("\f")


def heading_pages(blocks: list[dict[str, Any]], pages: list[str]) -> dict[str, int]:
    """Page number of each H1/H2, searching forward from the page after the contents."""
    found: dict[str, int] = {}
    start = next((i for i, t in enumerate(pages) if "Contents" in t), 0) + 1
    norm = [re.sub(r"\s+", " ", t) for t in pages]
    for b in blocks:
        for key in ("h1", "h2"):
            if key in b:
                probe = re.sub(r"\s+", " ", b[key])[:45]
                for i in range(start, len(norm)):
                    if probe in norm[i]:
                        found[b[key]] = i + 1
                        start = i
                        break
    return found
