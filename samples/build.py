"""Build the sample Joint Forward Plans in ``samples/`` from their YAML sources.

Usage (from the repository root)::

    python samples/build.py            # DOCX, then PDF through LibreOffice (soffice on PATH)
    python samples/build.py --no-pdf   # DOCX only; the contents page then has no page numbers

``samples/src/harrowfield.yaml`` (metadata) and ``samples/src/harrowfield/*.yaml``
(chapters) hold the strong plan; its "gaps" variant drops every
block tagged with a requirement id in the variant's ``drop`` list and swaps in ``vary``
texts. ``samples/src/thin.yaml`` is the early draft. ``samples/src/labels.yaml`` holds the
intended requirement statuses, written out as ``samples/expected.json`` and into the
README's label table.

Output is deterministic: fixed core-property dates and zip timestamps in the DOCX, and
the dates and ids LibreOffice writes into a PDF are overwritten in place (same length,
so the cross-reference offsets stay valid).
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
FIXED_TIME = dt.datetime(2025, 3, 24, 9, 0, 0)
ZIP_TIME = (2025, 3, 24, 9, 0, 0)
BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK = RGBColor(0x23, 0x1F, 0x20)
IDS = [
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties", "quality",
    "inequalities", "patient-involvement", "public-involvement", "patient-choice", "advice",
    "innovation", "research", "education-training", "climate-change", "abuse-victims",
    "children-young-people", "consultation-summary", "hwb-opinion", "equality-duty",
    "five-year-horizon", "delivery-focus", "workforce", "performance", "digital-data",
    "estates", "procurement", "population-health", "system-development", "social-economic",
]
CODES = [f"S{i:02d}" for i in range(1, 18)] + [f"P{i:02d}" for i in range(1, 6)] + [f"R{i:02d}" for i in range(1, 9)]


# ----------------------------------------------------------------------------- sources


def load(name: str) -> dict[str, Any]:
    """One YAML source file."""
    return yaml.safe_load((SRC / name).read_text(encoding="utf-8"))


def _keep(item: Any, drop: set[str]) -> bool:
    return not (isinstance(item, dict) and drop.intersection(item.get("tags", [])))


def _text(item: Any, variant: str) -> str:
    if isinstance(item, str):
        return item
    return item.get("vary", {}).get(variant, item.get("text", ""))


def select(blocks: list[dict[str, Any]], variant: str, drop: set[str]) -> list[dict[str, Any]]:
    """The blocks of one variant: tagged blocks dropped (a dropped heading takes its section)."""
    out: list[dict[str, Any]] = []
    skip_below: int | None = None
    for raw in blocks:
        level = next((int(k[1]) for k in ("h1", "h2", "h3") if k in raw), None)
        if skip_below is not None:
            if level is None or level > skip_below:
                continue
            skip_below = None
        if not _keep(raw, drop):
            if level is not None:
                skip_below = level
            continue
        if raw.get("vary", {}).get(variant) == "DROP":
            continue
        block = copy.deepcopy(raw)
        for key in ("h1", "h2", "h3", "p", "note"):
            if key in block and variant in block.get("vary", {}):
                block[key] = block["vary"][variant]
        if "bullets" in block:
            block["bullets"] = [
                _text(b, variant) for b in block["bullets"]
                if _keep(b, drop) and _text(b, variant) != "DROP"
            ]
        if "table" in block:
            t = block["table"]
            t["rows"] = [
                (r["cells"] if isinstance(r, dict) else r) for r in t["rows"] if _keep(r, drop)
            ]
        out.append(block)
    return out


def number_headings(blocks: list[dict[str, Any]]) -> None:
    """Prefix H1 and H2 texts with "3" / "3.2" unless the block says ``number: false``."""
    h1 = h2 = 0
    for b in blocks:
        if "h1" in b and b.get("number", True):
            h1, h2 = h1 + 1, 0
            b["h1"] = f"{h1} {b['h1']}"
        elif "h2" in b and b.get("number", True) and h1:
            h2 += 1
            b["h2"] = f"{h1}.{h2} {b['h2']}"


# ----------------------------------------------------------------------------- docx helpers


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
    from docx.enum.style import WD_STYLE_TYPE

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


# ----------------------------------------------------------------------------- outputs


def build_one(name: str, meta: dict[str, Any], blocks: list[dict[str, Any]], pdf: bool, workdir: Path) -> None:
    """Write samples/<name>.docx and, with ``pdf``, samples/<name>.pdf."""
    docx_path = HERE / f"{name}.docx"
    toc: dict[str, int] | None = None
    for _ in range(3 if pdf else 1):
        docx_path.write_bytes(normalise_zip(render_docx(meta, blocks, toc)))
        if not pdf:
            break
        tmp_docx = workdir / docx_path.name
        shutil.copy(docx_path, tmp_docx)
        data = to_pdf(tmp_docx, workdir)
        (workdir / f"{name}.pdf").write_bytes(data)
        new_toc = heading_pages(blocks, pdf_page_texts(workdir / f"{name}.pdf"))
        if new_toc == toc:
            break
        toc = new_toc
    if pdf:
        (HERE / f"{name}.pdf").write_bytes(fix_pdf(data, name))
        pages = len(pdf_page_texts(HERE / f"{name}.pdf")) - 1
        print(f"  {name}.pdf: {pages} pages")
    words = sum(
        len(re.findall(r"\w+", " ".join(str(v) for k, v in b.items() if k in ("h1", "h2", "h3", "p", "note"))))
        + sum(len(re.findall(r"\w+", item)) for item in b.get("bullets", []))
        + sum(len(re.findall(r"\w+", " ".join(map(str, row)))) for row in
              ([b["table"]["header"], *b["table"]["rows"]] if "table" in b else []))
        for b in blocks
    )
    print(f"  {name}.docx: {words} words in the body")


def write_labels() -> dict[str, Any]:
    """Check labels.yaml (all 30 ids, valid statuses) and write expected.json."""
    spec = load("labels.yaml")
    docs: dict[str, Any] = {}
    for file, entry in spec["documents"].items():
        labels = entry["labels"]
        unknown = set(labels) - set(IDS)
        absent = [i for i in IDS if i not in labels]
        bad = {k: v for k, v in labels.items() if v not in ("met", "partial", "missing")}
        if unknown or absent or bad:
            sys.exit(f"labels.yaml {file}: unknown {sorted(unknown)}, absent {absent}, bad {bad}")
        docs[file] = {"labels": {i: labels[i] for i in IDS}, "parity_group": entry.get("parity_group")}
    (HERE / "expected.json").write_text(json.dumps({"documents": docs}, indent=2) + "\n", encoding="utf-8")
    return docs


def write_readme_matrix(docs: dict[str, Any]) -> None:
    """Regenerate the label table between the README's markers."""
    readme = HERE / "README.md"
    if not readme.exists():
        return
    files = list(docs)
    lines = ["| code | id | " + " | ".join(f.replace("harrowfield-", "") for f in files) + " |",
             "|---|---|" + "---|" * len(files)]
    for code, rid in zip(CODES, IDS):
        lines.append(f"| {code} | {rid} | " + " | ".join(docs[f]["labels"][rid] for f in files) + " |")
    counts = []
    for f in files:
        vals = list(docs[f]["labels"].values())
        counts.append(f"{f}: {vals.count('met')}/{vals.count('partial')}/{vals.count('missing')}")
    lines += ["", "Counts (met/partial/missing): " + "; ".join(counts) + "."]
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- labels:start -->\n).*?(<!-- labels:end -->)",
                 lambda m: m.group(1) + "\n".join(lines) + "\n" + m.group(2), text, flags=re.S)
    readme.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build every sample; return the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="write the DOCX files only")
    args = ap.parse_args(argv)
    pdf = not args.no_pdf
    if pdf and shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not on PATH; use --no-pdf to build the DOCX files only.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="jfp-samples-") as tmp:
        workdir = Path(tmp)
        plan = load("harrowfield.yaml")
        # The strong plan's body is split into chapter files, read in file-name order.
        plan["blocks"] = [b for part in sorted((SRC / "harrowfield").glob("*.yaml"))
                          for b in load(f"harrowfield/{part.name}")]
        for variant, spec in plan["variants"].items():
            meta = {**plan["meta"], **spec.get("meta", {})}
            blocks = select(plan["blocks"], variant, set(spec.get("drop", [])))
            number_headings(blocks)
            build_one(spec["file"], meta, blocks, pdf, workdir)
        thin = load("thin.yaml")
        blocks = select(thin["blocks"], "thin", set())
        number_headings(blocks)
        build_one(thin["file"], thin["meta"], blocks, pdf, workdir)
    write_readme_matrix(write_labels())
    return 0


if __name__ == "__main__":
    os.chdir(HERE.parent)
    raise SystemExit(main())
