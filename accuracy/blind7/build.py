#!/usr/bin/env python3
"""Build the blind7 sealed test set from src/ and write labels.json.

usage: build.py [--no-pdf]

Sources in src/ are Markdown-like: one non-empty line = one paragraph; '#' is the
document title (Word "Title" style), '##' Heading 1, '###' Heading 2; '- ' bullets
(Word "List Bullet"); '|' table rows (first row is the header). In slide mode (the
Hollinsmere and Wrayside deck) pages are A4 landscape, text is larger and every '##'
heading starts a new page (one slide per page).

Outputs:
  docs/hollinsmere-wrayside-plan-2026-31-slides.pdf  from src/hollinsmere-wrayside-deck.md
                                                     (slide mode, via a temporary DOCX)
  docs/fellbeck-dunmoor-jfp-2025-30-qa.{docx,pdf,md} from src/fellbeck-dunmoor-qa.md
  docs/tarnbridge-ellerstone-jfp-part3-partners.docx from src/tarnbridge-partners.md
  docs/calderholt-jfp-2025-30-scorecard.md           copy of src/calderholt-scorecard.md
  docs/northmoor-rillington-jfp-2025-30-draft.txt    copy of src/northmoor-rillington-draft.txt
  excerpts/eNN.txt                                   copies of src/excerpts/eNN.txt; e10 is
                                                     src/excerpts/e10-plain.txt with every
                                                     letter shifted by +3 (a->d, "and"->"dqg")
  labels.json                                        from src/labels.yaml
  README.md                                          label matrix between the labels markers

Deterministic on one machine: DOCX zip timestamps and core properties are fixed, and the
PDF /CreationDate, /ModDate and /ID written by LibreOffice are overwritten in place with
fixed values of the same length. LibreOffice runs with a throw-away user profile.

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
from docx.enum.section import WD_ORIENT
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
STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}


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
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:].strip()))
        else:
            blocks.append(("para", line.strip()))
    return blocks


def build_docx(text: str, out: Path, title: str, slides: bool = False) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(16 if slides else 11)
    sec = doc.sections[0]
    if slides:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(20)
    for kind, payload in parse(text):
        if kind == "heading":
            level, words = payload
            p = doc.add_paragraph(words, style=STYLES[level])
            if slides and level == 2:
                p.paragraph_format.page_break_before = True
        elif kind == "bullet":
            doc.add_paragraph(payload, style="List Bullet")
        elif kind == "para":
            doc.add_paragraph(payload)
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
    cp = doc.core_properties
    cp.title = title
    cp.author = "blind7 build"
    cp.last_modified_by = "blind7 build"
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
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


def shift(text: str, n: int = 3) -> str:
    """Caesar-shift letters, as a PDF with a broken font encoding extracts them."""
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + n) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + n) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


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

    if not no_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_docx = Path(tmp) / "hollinsmere-wrayside-plan-2026-31-slides.docx"
            build_docx((SRC / "hollinsmere-wrayside-deck.md").read_text(), tmp_docx,
                       "Hollinsmere and Wrayside ICB: Our Five-Year Plan 2026/27 to 2030/31",
                       slides=True)
            to_pdf(tmp_docx, DOCS / "hollinsmere-wrayside-plan-2026-31-slides.pdf")

    fd = (SRC / "fellbeck-dunmoor-qa.md").read_text()
    build_docx(fd, DOCS / "fellbeck-dunmoor-jfp-2025-30-qa.docx",
               "Fellbeck and Dunmoor Joint Forward Plan 2025/26 to 2029/30")
    (DOCS / "fellbeck-dunmoor-jfp-2025-30-qa.md").write_text(fd)
    if not no_pdf:
        to_pdf(DOCS / "fellbeck-dunmoor-jfp-2025-30-qa.docx", DOCS / "fellbeck-dunmoor-jfp-2025-30-qa.pdf")

    build_docx((SRC / "tarnbridge-partners.md").read_text(),
               DOCS / "tarnbridge-ellerstone-jfp-part3-partners.docx",
               "Tarnbridge and Ellerstone Joint Forward Plan 2024 to 2027: Part 3")

    shutil.copyfile(SRC / "calderholt-scorecard.md", DOCS / "calderholt-jfp-2025-30-scorecard.md")
    shutil.copyfile(SRC / "northmoor-rillington-draft.txt", DOCS / "northmoor-rillington-jfp-2025-30-draft.txt")

    for f in sorted((SRC / "excerpts").glob("e*.txt")):
        if f.name == "e10-plain.txt":
            (EXC / "e10.txt").write_text(shift(f.read_text()))
        else:
            shutil.copyfile(f, EXC / f.name)

    for name in labels:
        if not (ROOT / name).exists() and not (no_pdf and name.endswith(".pdf")):
            sys.exit(f"labelled file not built: {name}")
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
