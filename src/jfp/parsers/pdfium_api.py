"""The pdfium functions jfp's PDF reader calls, bound with ctypes to the library pypdfium2 ships.

Why not ``import pypdfium2``: importing it takes about 0.1 s (it loads logging,
subprocess, tempfile, argparse and json, and declares ctypes prototypes for pdfium's whole
API), and in a fresh ``jfp outline`` or ``jfp check`` of a PDF that import sits on the
critical path: the head start (``jfp.prefetch``) cannot read a page before it. That is
half of what ``pdftotext`` takes for a whole 120-page plan. Loading the same shared
library and declaring the two dozen functions the reader uses takes about 6 ms.

The library is the one pypdfium2 installed beside its bindings (``pypdfium2_raw``); if it
is not there (a pypdfium2 built against a system pdfium), pypdfium2's own loader finds it.
pdfium keeps one global state per process, so a process that also imports pypdfium2 shares
it: pdfium ignores a second initialisation.
"""
from __future__ import annotations

import ctypes
import os
import sys
from ctypes import POINTER, c_char_p, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_void_p

ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD: the document is encrypted
PAGEOBJ_PATH = 2  # FPDF_PAGEOBJ_PATH


class FS_RECTF(ctypes.Structure):  # noqa: N801 - pdfium's name
    _fields_ = [("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float)]


class FS_MATRIX(ctypes.Structure):  # noqa: N801 - pdfium's name
    _fields_ = [(name, c_float) for name in "abcdef"]


class _LibraryConfig(ctypes.Structure):
    # FPDF_LIBRARY_CONFIG; pdfium reads only the fields its ``version`` has (2: the first four).
    _fields_ = [
        ("version", c_int),
        ("m_pUserFontPaths", c_void_p),
        ("m_pIsolate", c_void_p),
        ("m_v8EmbedderSlot", c_uint),
        ("m_pPlatform", c_void_p),
        ("m_RendererType", c_int),
        ("m_FontLibraryType", c_int),
        ("m_BrotliEnabled", c_int),
        ("m_IsolatePerDocument", c_int),
    ]


def _library_file() -> str | None:
    """Where pypdfium2's own loader would find the library: beside ``pypdfium2_raw/bindings.py``."""
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    for entry in sys.path:
        package = os.path.join(entry or ".", "pypdfium2_raw")
        if os.path.isfile(os.path.join(package, "bindings.py")):
            # The first pypdfium2_raw on the path is the one ``import`` would use.
            candidate = os.path.join(package, name)
            return candidate if os.path.isfile(candidate) else None
    return None


def _load() -> ctypes.CDLL:
    path = _library_file()
    if path is not None:
        return ctypes.CDLL(path)
    from pypdfium2_raw.bindings import _libs  # its loader knows where a system pdfium lives

    return _libs["pdfium"]


def _function(name: str, result: object, *arguments: object):
    # Indexing (not attribute access) makes a new function object: a library shared with
    # pypdfium2's bindings keeps its own prototypes untouched.
    function = _library[name]
    function.restype = result
    function.argtypes = arguments
    return function


_library = _load()

# Handles (documents, pages, text pages, page objects) are opaque pointers: c_void_p.
FPDF_InitLibraryWithConfig = _function("FPDF_InitLibraryWithConfig", None, POINTER(_LibraryConfig))
FPDF_GetLastError = _function("FPDF_GetLastError", c_ulong)
FPDF_LoadMemDocument64 = _function("FPDF_LoadMemDocument64", c_void_p, c_void_p, c_size_t, c_char_p)
FPDF_CloseDocument = _function("FPDF_CloseDocument", None, c_void_p)
FPDF_GetPageCount = _function("FPDF_GetPageCount", c_int, c_void_p)
FPDF_GetMetaText = _function("FPDF_GetMetaText", c_ulong, c_void_p, c_char_p, c_void_p, c_ulong)
FPDF_LoadPage = _function("FPDF_LoadPage", c_void_p, c_void_p, c_int)
FPDF_ClosePage = _function("FPDF_ClosePage", None, c_void_p)
FPDF_GetPageWidthF = _function("FPDF_GetPageWidthF", c_float, c_void_p)
FPDF_GetPageHeightF = _function("FPDF_GetPageHeightF", c_float, c_void_p)
FPDFText_LoadPage = _function("FPDFText_LoadPage", c_void_p, c_void_p)
FPDFText_ClosePage = _function("FPDFText_ClosePage", None, c_void_p)
FPDFText_CountChars = _function("FPDFText_CountChars", c_int, c_void_p)
FPDFText_GetText = _function("FPDFText_GetText", c_int, c_void_p, c_int, c_int, c_void_p)
FPDFText_GetFontSize = _function("FPDFText_GetFontSize", c_double, c_void_p, c_int)
FPDFText_GetMatrix = _function("FPDFText_GetMatrix", c_int, c_void_p, c_int, POINTER(FS_MATRIX))
FPDFText_GetLooseCharBox = _function("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int, POINTER(FS_RECTF))
FPDFText_GetFontInfo = _function("FPDFText_GetFontInfo", c_ulong, c_void_p, c_int, c_void_p, c_ulong, POINTER(c_int))
FPDFText_GetFontWeight = _function("FPDFText_GetFontWeight", c_int, c_void_p, c_int)
FPDFText_IsGenerated = _function("FPDFText_IsGenerated", c_int, c_void_p, c_int)
FPDFText_GetCharOrigin = _function("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double))
FPDFPage_CountObjects = _function("FPDFPage_CountObjects", c_int, c_void_p)
FPDFPage_GetObject = _function("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
FPDFPageObj_GetType = _function("FPDFPageObj_GetType", c_int, c_void_p)
_FLOAT_OUT = POINTER(c_float)
FPDFPageObj_GetBounds = _function("FPDFPageObj_GetBounds", c_int, c_void_p, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT)

FPDF_InitLibraryWithConfig(ctypes.byref(_LibraryConfig(version=2)))


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

    def load_page(self, index: int) -> int:
        """The handle of page ``index`` (0-based); close it with ``FPDF_ClosePage``."""
        page = FPDF_LoadPage(self.handle, index)
        if not page:
            raise PdfiumError(f"pdfium could not load page {index + 1}.")
        return page

    def close(self) -> None:
        if self.handle:
            FPDF_CloseDocument(self.handle)
            self.handle = None
