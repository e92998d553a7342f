#!/usr/bin/env python3
"""Build the blind8 sealed test set from src/ and write labels.json.

usage: build.py [--no-pdf]

Sources in src/ are Markdown-like: one non-empty line = one paragraph; '#' is the
document title (Word "Title" style), '##' Heading 1, '###' Heading 2; '- ' bullets
(Word "List Bullet"); '|' table rows (first row is the header). Two extra conventions:

  @columns / @single   (harrowfield-esk-scp.md only) start a new Word section: '@columns'
                       a continuous two-column section (w:cols w:num="2"), '@single' a
                       one-column section on a new page (the HWB letters appendix).
  CriticMarkup         (pellbury-tracked.md only) '{++text++}' becomes a tracked insertion
                       (w:ins), '{--text--}' a tracked deletion (w:del with w:delText), and
                       '{>>text<<}' a reviewer comment in word/comments.xml anchored to the
                       text segment just before it.

Outputs:
  docs/brackenridge-thorne-jfp-2025-30-narrative.{docx,pdf,md}  from src/brackenridge-narrative.md
  docs/harrowfield-esk-scp-2026-31-twocol.pdf   from src/harrowfield-esk-scp.md (via a temporary
                                                DOCX: two columns, running header, "Page N of M" footer)
  docs/pellbury-jfp-draft-v0.9-tracked.docx     from src/pellbury-tracked.md (tracked changes, comments)
  docs/kelderby-sowe-jfp-2026-27-refresh.md     copy of src/kelderby-sowe-refresh.md
  docs/ashby-place-plan-2025-30.docx            from src/ashby-place-plan.md
  excerpts/eNN.txt                              copies of src/excerpts/eNN.txt; e15 is
                                                src/excerpts/e15-plain.txt with every letter moved
                                                down 29 code points ("The ICB" -> "7KH ,&%"), the
                                                glyph-offset garble of PDFs with subset fonts
  labels.json                                   from src/labels.yaml
  README.md                                     label matrix between the labels markers

Deterministic on one machine: DOCX zip timestamps, core properties and revision/comment
dates are fixed, and the PDF /CreationDate, /ModDate, /ID and /DocChecksum written by
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
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

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
FIXED_STAMP = "2025-05-20T09:00:00Z"
STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}
CRITIC = re.compile(r"(\{\+\+.*?\+\+\}|\{--.*?--\}|\{>>.*?<<\})")
REVIEWERS = {"ins": "Jo Okonedo (Strategy)", "del": "Jo Okonedo (Strategy)",
             "comment": ("Ravi Lindqvist (Finance)", "RL")}


def parse(text: str) -> list[tuple]:
    """Split source text into blocks: (kind, payload)."""
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
        m = re.match(r"^(#{1,3}) (.*)$", line)
        if m:
            blocks.append(("heading", (len(m.group(1)), m.group(2).strip())))
        elif line.strip() in ("@columns", "@single"):
            blocks.append(("section", line.strip()[1:]))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:].strip()))
        else:
            blocks.append(("para", line.strip()))
    return blocks


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
    cp.author = "blind8 build"
    cp.last_modified_by = "blind8 build"
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    return doc


def set_columns(section, num: int) -> None:
    sectPr = section._sectPr
    for old in sectPr.findall(qn("w:cols")):
        sectPr.remove(old)
    cols = OxmlElement("w:cols")
    cols.set(qn("w:num"), str(num))
    cols.set(qn("w:space"), "567")
    # w:cols must come before w:docGrid etc.; put it after pgMar when present
    pgMar = sectPr.find(qn("w:pgMar"))
    if pgMar is not None:
        pgMar.addnext(cols)
    else:
        sectPr.append(cols)


def add_field(paragraph, instr: str, shown: str) -> None:
    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)
    b = OxmlElement("w:fldChar"); b.set(qn("w:fldCharType"), "begin"); run_with(b)
    it = OxmlElement("w:instrText"); it.set(qn("xml:space"), "preserve"); it.text = f" {instr} "; run_with(it)
    s = OxmlElement("w:fldChar"); s.set(qn("w:fldCharType"), "separate"); run_with(s)
    paragraph.add_run(shown)
    e = OxmlElement("w:fldChar"); e.set(qn("w:fldCharType"), "end"); run_with(e)


def add_blocks(doc: Document, text: str, critic: bool = False) -> None:
    rev_id = [100]
    for kind, payload in parse(text):
        if kind == "section":
            if payload == "columns":
                sec = doc.add_section(WD_SECTION.CONTINUOUS)
                set_columns(sec, 2)
            else:
                sec = doc.add_section(WD_SECTION.NEW_PAGE)
                set_columns(sec, 1)
        elif kind == "heading":
            level, words = payload
            p = doc.add_paragraph(style=STYLES[level])
            add_text(doc, p, words, critic, rev_id)
        elif kind == "bullet":
            p = doc.add_paragraph(style="List Bullet")
            add_text(doc, p, payload, critic, rev_id)
        elif kind == "para":
            p = doc.add_paragraph()
            add_text(doc, p, payload, critic, rev_id)
        elif kind == "table":
            ncols = max(len(r) for r in payload)
            t = doc.add_table(rows=0, cols=ncols)
            t.style = "Table Grid"
            for i, row in enumerate(payload):
                cells = t.add_row().cells
                for j in range(ncols):
                    cells[j].text = row[j] if j < len(row) else ""
                    if i == 0:
                        for r in cells[j].paragraphs[0].runs:
                            r.bold = True
            doc.add_paragraph("")


def add_text(doc, p, words: str, critic: bool, rev_id: list) -> None:
    """Add a paragraph's text; with critic=True turn CriticMarkup into w:ins, w:del, comments."""
    if not critic:
        p.add_run(words)
        return
    runs: list[tuple] = []          # (run, kind)
    for seg in CRITIC.split(words):
        if not seg:
            continue
        if seg.startswith("{>>"):
            if not runs:
                sys.exit(f"comment with nothing before it: {seg}")
            author, initials = REVIEWERS["comment"]
            doc.add_comment(runs[-1][0], text=seg[3:-3], author=author, initials=initials)
            continue
        if seg.startswith("{++"):
            runs.append((p.add_run(seg[3:-3]), "ins"))
        elif seg.startswith("{--"):
            runs.append((p.add_run(seg[3:-3]), "del"))
        else:
            runs.append((p.add_run(seg), "plain"))
    for run, kind in runs:
        if kind == "plain":
            continue
        r = run._r
        if kind == "del":
            for t in r.findall(qn("w:t")):
                dt_el = OxmlElement("w:delText")
                dt_el.set(qn("xml:space"), "preserve")
                dt_el.text = t.text
                t.addprevious(dt_el)
                r.remove(t)
        wrap = OxmlElement(f"w:{kind}")
        wrap.set(qn("w:id"), str(rev_id[0]))
        wrap.set(qn("w:author"), REVIEWERS[kind])
        wrap.set(qn("w:date"), FIXED_STAMP)
        rev_id[0] += 1
        r.addprevious(wrap)
        wrap.append(r)


def save_docx(doc: Document, out: Path) -> None:
    buf = io.BytesIO()
    doc.save(buf)
    fix_zip(buf.getvalue(), out)


def fix_zip(data: bytes, out: Path) -> None:
    """Rewrite the DOCX zip with fixed timestamps, fixed comment dates and a fixed member order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            body = src.read(name)
            if name == "word/comments.xml":
                body = re.sub(rb'w:date="[^"]*"', b'w:date="' + FIXED_STAMP.encode() + b'"', body)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, body)


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


def glyph_garble(text: str, n: int = 29) -> str:
    """Move every ASCII letter down n code points, as text extracted from a PDF whose
    subset font maps glyph ids to the wrong characters ("The ICB" -> "7KH ,&%")."""
    return "".join(chr(ord(ch) - n) if ch.isascii() and ch.isalpha() else ch for ch in text)


def build_plain(src: str, out: Path, title: str) -> None:
    doc = new_document(title)
    add_blocks(doc, (SRC / src).read_text())
    save_docx(doc, out)


def build_twocol(src: str, out: Path, title: str) -> None:
    doc = new_document(title, font_size=10)
    sec = doc.sections[0]
    sec.header_distance = sec.footer_distance = Mm(10)
    hp = sec.header.paragraphs[0]
    hp.text = "NHS Harrowfield and Esk Vale ICB | Strategic Commissioning Plan 2026/27 to 2030/31"
    fp = sec.footer.paragraphs[0]
    fp.add_run("Approved March 2026 | Page ")
    add_field(fp, "PAGE", "1")
    fp.add_run(" of ")
    add_field(fp, "NUMPAGES", "1")
    add_blocks(doc, (SRC / src).read_text())
    save_docx(doc, out)


def build_tracked(src: str, out: Path, title: str) -> None:
    doc = new_document(title)
    add_blocks(doc, (SRC / src).read_text(), critic=True)
    settings = doc.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        tr = OxmlElement("w:trackRevisions")
        settings.insert(0, tr)
    save_docx(doc, out)


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
        if name.startswith("excerpts/") and not 2 <= len(labels) <= 5:
            sys.exit(f"{name}: excerpts label 2-5 ids")
        rec = {"labels": {i: labels[i] for i in IDS if i in labels}}
        for meta in ("parity_group", "expect_warning"):
            if meta in entry:
                rec[meta] = entry[meta]
        out[name] = rec
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

    # a) narrative plan: DOCX, PDF and Markdown (parity group)
    bt = DOCS / "brackenridge-thorne-jfp-2025-30-narrative.docx"
    build_plain("brackenridge-narrative.md", bt,
                "NHS Brackenridge and Thorne Valley ICB Joint Forward Plan 2025/26 to 2029/30")
    shutil.copyfile(SRC / "brackenridge-narrative.md", bt.with_suffix(".md"))
    if not no_pdf:
        to_pdf(bt, bt.with_suffix(".pdf"))

    # b) merged-ICB strategic commissioning plan: two-column PDF only
    if not no_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_docx = Path(tmp) / "harrowfield-esk-scp-2026-31-twocol.docx"
            build_twocol("harrowfield-esk-scp.md", tmp_docx,
                         "NHS Harrowfield and Esk Vale ICB Strategic Commissioning Plan 2026/27 to 2030/31")
            to_pdf(tmp_docx, DOCS / "harrowfield-esk-scp-2026-31-twocol.pdf")

    # c) tracked changes and comments
    build_tracked("pellbury-tracked.md", DOCS / "pellbury-jfp-draft-v0.9-tracked.docx",
                  "NHS Pellbury ICB Joint Forward Plan, draft v0.9")

    # d) refresh addendum (Markdown)
    shutil.copyfile(SRC / "kelderby-sowe-refresh.md", DOCS / "kelderby-sowe-jfp-2026-27-refresh.md")

    # e) first-person place plan
    build_plain("ashby-place-plan.md", DOCS / "ashby-place-plan-2025-30.docx",
                "Ashby Place Plan 2025 to 2030")

    for f in sorted((SRC / "excerpts").glob("e*.txt")):
        if f.name == "e15-plain.txt":
            (EXC / "e15.txt").write_text(glyph_garble(f.read_text()))
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
