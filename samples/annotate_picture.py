"""Draw a page of an annotated sample as a reviewer sees it in Word: the page, comments in the margin.

    python samples/annotate_picture.py [--page 12] [--out docs/annotate-page.png]

Annotates ``samples/harrowfield-gaps.docx`` with ``jfp annotate``, converts the copy to PDF
with LibreOffice headless (which lays the page out and exports every Word comment as a PDF
note at its anchor), renders the page with pypdfium2 and draws the notes' text in a
right-hand margin, each joined to its anchor. LibreOffice 7.4 cannot print comments in the
margin itself (its ``ExportNotesInMargin`` filter option is ignored; see docs/annotate.md),
so the margin is drawn here, from what LibreOffice read back out of the copy.
"""
from __future__ import annotations

import argparse
import ctypes
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SCALE = 1.6  # pixels per PDF point
MARGIN = 560  # pixels of comment margin
TEXT_ANNOT = 1  # FPDF_ANNOT_TEXT


def notes(page, raw) -> list[tuple[float, float, str]]:
    """(x, y from the top, text) of each Word comment LibreOffice exported as a PDF note."""
    height = page.get_height()
    found = []
    for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, k)
        if raw.FPDFAnnot_GetSubtype(annot) == TEXT_ANNOT:
            rect = raw.FS_RECTF()
            raw.FPDFAnnot_GetRect(annot, rect)
            size = raw.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
            found.append((rect.left, height - rect.top, buf.raw.decode("utf-16-le").rstrip("\x00")))
        raw.FPDFPage_CloseAnnot(annot)
    return sorted(found, key=lambda n: n[1])


def draw(pdf_path: Path, page_no: int, out: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from PIL import Image, ImageDraw, ImageFont

    pdf = pdfium.PdfDocument(str(pdf_path))
    page = pdf[page_no - 1]
    image = page.render(scale=SCALE).to_pil().convert("RGB")
    canvas = Image.new("RGB", (image.width + MARGIN, image.height), "#f3f3f3")
    canvas.paste(image, (0, 0))
    pen = ImageDraw.Draw(canvas)
    font, bold = ImageFont.truetype(FONT, 15), ImageFont.truetype(BOLD, 15)
    y = 12
    for x0, y0, text in notes(page, raw):
        lines = text.splitlines()
        head = textwrap.wrap(lines[0], 58)
        rest = [w for line in lines[1:3] for w in textwrap.wrap(line, 62)][:5]
        if len(lines) > 3 or len(rest) == 5:
            rest[-1:] = [rest[-1][:56] + " …"] if rest else []
        box_h = 14 + 19 * (len(head) + len(rest))
        top = max(y, int(y0 * SCALE) - 10)
        if top + box_h > canvas.height - 8:
            break
        left = image.width + 14
        ax, ay = int(x0 * SCALE), int(y0 * SCALE)
        pen.line([(ax + 12, ay + 6), (image.width, ay + 6), (left, top + 14)], fill="#e3a3a1", width=1)
        pen.rectangle([ax - 3, ay - 2, ax + 12, ay + 14], outline="#c0504d", width=2)
        pen.rectangle([left, top, canvas.width - 12, top + box_h], fill="white", outline="#c0504d", width=2)
        ty = top + 7
        for line in head:
            pen.text((left + 9, ty), line, font=bold, fill="#222")
            ty += 19
        for line in rest:
            pen.text((left + 9, ty), line, font=font, fill="#444")
            ty += 19
        y = top + box_h + 8
    canvas.convert("P", palette=Image.Palette.ADAPTIVE, colors=48).save(out, optimize=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", type=int, default=12)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "annotate-page.png")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "harrowfield-gaps.jfp.docx"
        subprocess.run([sys.executable, "-m", "jfp", "annotate", "--no-config", "-q",
                        str(ROOT / "samples" / "harrowfield-gaps.docx"), "-o", str(copy)], check=False)
        # Comments become PDF notes only when asked for (ExportNotes; off by default).
        notes_on = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", notes_on,
                        "--outdir", tmp, str(copy)], check=True, capture_output=True, timeout=600)
        draw(copy.with_suffix(".pdf"), args.page, args.out)
    print(args.out)


if __name__ == "__main__":
    main()
