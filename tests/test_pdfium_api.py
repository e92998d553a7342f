"""jfp.parsers.pdfium_api: pdfium through pypdfium2's raw API, the one module the PDF reader calls.

It must read exactly what pypdfium2's helpers read (text, page sizes, metadata, errors),
be pypdfium2's public raw API itself (``pypdfium2.raw``), and spare the PDF reader the
import of pypdfium2's helpers.
"""
from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from pdfbytes import zero_page_pdf

from jfp.errors import DocumentError
from jfp.parsers import parse, pdfium_api

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf"
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))


def _text_of(page: int) -> str:
    tp = pdfium_api.FPDFText_LoadPage(page)
    try:
        n = pdfium_api.FPDFText_CountChars(tp)
        buf = ctypes.create_string_buffer((n + 1) * 2)
        pdfium_api.FPDFText_GetText(tp, 0, n, buf)
        return buf.raw[: n * 2].decode("utf-16-le", errors="replace")
    finally:
        pdfium_api.FPDFText_ClosePage(tp)


@pytest.mark.parametrize("path", [FIX / "layout.pdf", FIX / "scaled-text.pdf", *SAMPLES[:1]], ids=lambda p: p.name)
def test_pages_read_as_pypdfium2_reads_them(path):
    data = path.read_bytes()
    ours = pdfium_api.PdfDocument(data)
    theirs = pypdfium2.PdfDocument(data)
    try:
        assert len(ours) == len(theirs) > 0
        assert ours.metadata("Title") == theirs.get_metadata_value("Title")
        for i in range(len(ours)):
            page = ours.load_page(i)
            try:
                their_page = theirs[i]
                assert (pdfium_api.FPDF_GetPageWidthF(page), pdfium_api.FPDF_GetPageHeightF(page)) == their_page.get_size()
                their_text = their_page.get_textpage()
                # Explicit bounds: pypdfium2 4.28-4.30 read the defaults as get_text_bounded().
                assert _text_of(page) == their_text.get_text_range(0, their_text.count_chars())
            finally:
                pdfium_api.FPDF_ClosePage(page)
    finally:
        ours.close()
        theirs.close()


def test_metadata_key_that_is_absent_is_empty():
    pdf = pdfium_api.PdfDocument((FIX / "layout.pdf").read_bytes())
    try:
        assert pdf.metadata("Keywords-that-no-file-has") == ""
    finally:
        pdf.close()


def test_encrypted_document_reports_the_password_error():
    with pytest.raises(pdfium_api.PdfiumError) as err:
        pdfium_api.PdfDocument((FIX / "encrypted.pdf").read_bytes())
    assert err.value.code == pdfium_api.ERR_PASSWORD


def test_garbage_is_not_a_document():
    with pytest.raises(pdfium_api.PdfiumError) as err:
        pdfium_api.PdfDocument(b"%PDF-1.7\nthis is not a PDF body\n")
    assert err.value.code != pdfium_api.ERR_PASSWORD


def test_page_out_of_range_is_an_error_not_a_crash():
    pdf = pdfium_api.PdfDocument((FIX / "layout.pdf").read_bytes())
    try:
        with pytest.raises(pdfium_api.PdfiumError):
            pdf.load_page(len(pdf) + 5)
    finally:
        pdf.close()


def test_a_valid_pdf_with_no_pages_is_empty_not_damaged(tmp_path):
    path = tmp_path / "no-pages.pdf"
    path.write_bytes(zero_page_pdf())
    with pytest.raises(DocumentError) as err:
        parse(path)
    assert err.value.reason == "empty"
    assert "no pages" in str(err.value)


def test_the_functions_are_pypdfium2s_public_raw_api():
    import pypdfium2.raw

    for name in ("FPDF_LoadMemDocument64", "FPDF_LoadPage", "FPDFText_LoadPage", "FPDFText_GetLooseCharBox",
                 "FPDFText_GetFontInfo", "FPDFPageObj_GetBounds", "FS_RECTF", "FS_MATRIX"):
        assert getattr(pdfium_api, name) is getattr(pypdfium2.raw, name), name
    assert pdfium_api.ERR_PASSWORD == pypdfium2.raw.FPDF_ERR_PASSWORD


def test_reading_a_pdf_does_not_import_pypdfium2s_helpers():
    # Only the raw bindings: pypdfium2's helper classes cost ~15 ms of every fresh jfp run.
    code = (
        "import sys; from jfp.parsers import parse; "
        f"doc = parse({str(FIX / 'layout.pdf')!r}); "
        "assert doc.meta.words > 0; "
        "print(sorted(m for m in sys.modules if m.startswith('pypdfium2')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['pypdfium2_raw', 'pypdfium2_raw.bindings']"
