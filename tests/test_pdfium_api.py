"""jfp.parsers.pdfium_api: jfp's own ctypes binding to the pdfium library pypdfium2 installs.

It must read exactly what pypdfium2 reads from the same library (text, page sizes,
metadata, errors), load the very library pypdfium2 loads, and spare the PDF reader the
import of pypdfium2 itself.
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
                assert _text_of(page) == their_text.get_text_range()
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


def test_the_library_is_the_one_pypdfium2_loads():
    from pypdfium2_raw.bindings import _libs

    ours = pdfium_api._library_file()
    assert ours is not None
    assert os.path.samefile(ours, _libs["pdfium"]._name)


def test_without_the_file_beside_the_bindings_pypdfium2s_loader_is_used(monkeypatch):
    from pypdfium2_raw.bindings import _libs

    monkeypatch.setattr(pdfium_api, "_library_file", lambda: None)
    library = pdfium_api._load()
    assert library is _libs["pdfium"]
    count = library["FPDF_GetPageCount"]
    count.restype, count.argtypes = ctypes.c_int, [ctypes.c_void_p]
    pdf = pdfium_api.PdfDocument((FIX / "layout.pdf").read_bytes())
    try:
        assert count(pdf.handle) == len(pdf)
    finally:
        pdf.close()


def test_reading_a_pdf_does_not_import_pypdfium2():
    # The point of the binding: pypdfium2's import costs ~0.1 s of every fresh jfp run.
    code = (
        "import sys; from jfp.parsers import parse; "
        f"doc = parse({str(FIX / 'layout.pdf')!r}); "
        "assert doc.meta.words > 0; "
        "print(sorted(m for m in sys.modules if m.startswith('pypdfium2')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
