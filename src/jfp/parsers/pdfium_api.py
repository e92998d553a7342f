"""pdfium, as jfp's PDF reader calls it: pypdfium2's raw API, and the one module that imports it.

The functions are pypdfium2's own ctypes bindings of pdfium's C API (``pypdfium2.raw``,
documented as public), imported from the module that ``pypdfium2.raw`` re-exports,
``pypdfium2_raw.bindings``: importing ``pypdfium2.raw`` first runs pypdfium2's
``__init__``, which imports every helper class (documents, bitmaps, rendering) jfp never
uses, about 15 ms more of every PDF check. pyproject.toml pins the pypdfium2 versions this
is tested with (``tests/test_pdfium_api.py`` holds it to pypdfium2's own reading).

Everything the PDF reader needs from pdfium is named here, so a change of binding is a
change of this file alone.
"""
from __future__ import annotations

import ctypes

from pypdfium2_raw.bindings import (  # noqa: F401 - re-exported: the reader's whole pdfium vocabulary
    FPDF_ERR_PASSWORD as ERR_PASSWORD,
    FPDF_LIBRARY_CONFIG,
    FPDF_PAGEOBJ_FORM as PAGEOBJ_FORM,
    FPDF_PAGEOBJ_IMAGE as PAGEOBJ_IMAGE,
    FPDF_PAGEOBJ_PATH as PAGEOBJ_PATH,
    FPDF_PAGEOBJ_SHADING as PAGEOBJ_SHADING,
    FPDF_PAGEOBJ_TEXT as PAGEOBJ_TEXT,
    FS_MATRIX,
    FS_RECTF,
    FPDF_CloseDocument,
    FPDF_ClosePage,
    FPDF_GetLastError,
    FPDF_GetMetaText,
    FPDF_GetPageBoundingBox,
    FPDF_GetPageCount,
    FPDF_GetPageHeightF,
    FPDF_GetPageWidthF,
    FPDF_InitLibraryWithConfig,
    FPDF_LoadMemDocument64,
    FPDF_LoadPage,
    FPDFClipPath_CountPathSegments,
    FPDFClipPath_CountPaths,
    FPDFClipPath_GetPathSegment,
    FPDFFormObj_CountObjects,
    FPDFFormObj_GetObject,
    FPDFPage_CountObjects,
    FPDFPage_GetObject,
    FPDFPage_GetRotation,
    FPDFPageObj_GetBounds,
    FPDFPageObj_GetClipPath,
    FPDFPageObj_CountMarks,
    FPDFPageObj_GetFillColor,
    FPDFPageObj_GetMark,
    FPDFPageObj_GetMatrix,
    FPDFPageObj_GetStrokeColor,
    FPDFPageObj_GetType,
    FPDFPageObjMark_GetName,
    FPDFPageObjMark_GetParamStringValue,
    FPDFPath_CountSegments,
    FPDFPath_GetDrawMode,
    FPDFPath_GetPathSegment,
    FPDFPathSegment_GetPoint,
    FPDFText_ClosePage,
    FPDFText_CountChars,
    FPDFText_GetCharOrigin,
    FPDFText_GetFontInfo,
    FPDFText_GetFontSize,
    FPDFText_GetFontWeight,
    FPDFText_GetLooseCharBox,
    FPDFText_GetMatrix,
    FPDFText_GetTextObject,
    FPDFText_IsGenerated,
    FPDFText_LoadPage,
    FPDFTextObj_GetTextRenderMode,
)
from pypdfium2_raw.bindings import FPDFText_GetText as _get_text

_UTF16_UNITS = ctypes.POINTER(ctypes.c_ushort)

# pdfium keeps one global state per process; a second initialisation (pypdfium2's helpers,
# if something else in the process imports them) is ignored by pdfium.
FPDF_InitLibraryWithConfig(ctypes.byref(FPDF_LIBRARY_CONFIG(version=2)))


def FPDFText_GetText(textpage, start: int, count: int, buffer) -> int:  # noqa: N802 - pdfium's name
    """pdfium's ``FPDFText_GetText`` into a byte buffer (UTF-16LE, 2 bytes per character and a NUL)."""
    return _get_text(textpage, start, count, ctypes.cast(buffer, _UTF16_UNITS))


class PdfiumError(Exception):
    """pdfium could not open a document or load a page; ``code`` is FPDF_GetLastError's."""

    def __init__(self, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.code = code


class PdfDocument:
    """An open document; holds its bytes for as long as pdfium may read them."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.handle = FPDF_LoadMemDocument64(data, len(data), None)
        if not self.handle:
            code = FPDF_GetLastError()
            raise PdfiumError(f"pdfium could not open the document (error {code}).", code)

    def __len__(self) -> int:
        return FPDF_GetPageCount(self.handle)

    def metadata(self, key: str) -> str:
        """A metadata value ("Title", "Author", ...); "" when absent."""
        name = key.encode("ascii")
        size = FPDF_GetMetaText(self.handle, name, None, 0)
        if size <= 2:
            return ""
        buffer = ctypes.create_string_buffer(size)
        FPDF_GetMetaText(self.handle, name, buffer, size)
        return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")

    def load_page(self, index: int):
        """The handle of page ``index`` (0-based); close it with ``FPDF_ClosePage``."""
        page = FPDF_LoadPage(self.handle, index)
        if not page:
            raise PdfiumError(f"pdfium could not load page {index + 1}.")
        return page

    def close(self) -> None:
        if self.handle:
            FPDF_CloseDocument(self.handle)
            self.handle = None
