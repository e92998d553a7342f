"""One pass over a PDF page's objects: the ruling lines tables are found from, and the text no reader sees.

A text object is hidden when it is drawn in render mode 3 or 7 (invisible) or fully
transparent with nothing drawn under it (over an image it is a scan's OCR layer, which is
read), when it is white with nothing but white under it, when its clipping path leaves
nothing of it, when it lies wholly outside the page's crop box, or when an opaque white
or black box drawn after it covers it whole (``ObjectScan._cover``); text inside a form
XObject is judged by the form's place (``ObjectScan._form``). Text smaller than
``TINY_POINTS`` is dropped line by line in ``pdf_layout``. Only on a page that has a hidden
object are characters mapped to their objects (one pdfium call per character), so a plain
page costs a few calls per text object.

Coordinates come out in the page as displayed: ``Frame`` turns pdfium's user space through
the page's ``/Rotate``, so a landscape page's lines run left to right and top down.
"""
from __future__ import annotations

import ctypes

from jfp.parsers import pdfium_api as pdfium_c
from jfp.parsers.words import count_words

# Text under 2 pt cannot be read (the DOCX reader's threshold, docx_hidden.TINY_HALF_POINTS).
TINY_POINTS = 2.0
_WHITE = 250  # every channel at least this (of 255) is white on paper
_INVISIBLE_MODES = (3, 7)
REASONS = {
    "invisible": "drawn invisible",
    "colour": "white on white",
    "clipped": "clipped away",
    "off-page": "outside the page",
    "tiny": "smaller than 2 points",
    "covered": "covered by a box drawn over it",
    "layer": "on a layer the document turns off",
}
Box = tuple[float, float, float, float]  # left, bottom, right, top


class Frame:
    """The page's crop box and rotation: user-space boxes as boxes of the page as displayed (y up)."""

    __slots__ = ("rotation", "x0", "y0", "x1", "y1")

    def __init__(self, page: object) -> None:
        self.rotation = pdfium_c.FPDFPage_GetRotation(page) % 4
        rect = pdfium_c.FS_RECTF()
        if pdfium_c.FPDF_GetPageBoundingBox(page, rect):
            self.x0, self.y0, self.x1, self.y1 = rect.left, rect.bottom, rect.right, rect.top
        else:
            self.x0 = self.y0 = self.x1 = self.y1 = 0.0

    def point(self, x: float, y: float) -> tuple[float, float]:
        r = self.rotation
        if r == 0:
            return x, y
        if r == 1:  # /Rotate 90: the page turned clockwise
            return y - self.y0, self.x1 - x
        if r == 2:
            return self.x1 - x, self.y1 - y
        return self.y1 - y, x - self.x0

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        if self.rotation == 0:
            return left, bottom, right, top
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def outside(self, box: Box) -> bool:
        """Wholly outside the crop box (user space)."""
        left, bottom, right, top = box
        return right < self.x0 or left > self.x1 or top < self.y0 or bottom > self.y1


class ObjectScan:
    """Reusable ctypes buffers for the per-page object pass."""

    def __init__(self) -> None:
        self._f = [ctypes.c_float() for _ in range(4)]
        self._u = [ctypes.c_uint() for _ in range(4)]
        self._i = [ctypes.c_int() for _ in range(2)]
        self._px, self._py = ctypes.c_float(), ctypes.c_float()
        self._matrix = pdfium_c.FS_MATRIX()
        # Names of the optional-content layers turned off (pdf_layers), set per document.
        self.off_layers: frozenset[str] = frozenset()
        self._mark = ctypes.create_string_buffer(512)
        self._mark_len = ctypes.c_ulong()

    def _bounds(self, obj: object) -> Box | None:
        l, b, r, t = self._f
        if not pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
            return None
        return l.value, b.value, r.value, t.value

    def scan(self, page: object, frame: Frame, height: float) -> tuple[list[Box], dict[int, str]]:
        """(ruling segments as (x0, top, x1, bottom) of the displayed page, hidden text objects by address)."""
        segs: list[Box] = []
        candidates: list[tuple[int, object, Box, str]] = []  # (index, object, bounds, reason)
        hidden: dict[int, str] = {}
        shown: list[tuple[int, object, Box]] = []  # text objects judged visible so far
        covers: list[tuple[int, Box]] = []  # opaque white or black boxes drawn after some text
        u = self._u
        l, b, r, t = self._f
        # Bound once: this loop runs for every object of every page.
        get_object, get_type, get_bounds = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetBounds
        render_mode, fill_colour = pdfium_c.FPDFTextObj_GetTextRenderMode, pdfium_c.FPDFPageObj_GetFillColor
        get_clip, count_clips = pdfium_c.FPDFPageObj_GetClipPath, pdfium_c.FPDFClipPath_CountPaths
        text_kind, path_kind = pdfium_c.PAGEOBJ_TEXT, pdfium_c.PAGEOBJ_PATH
        x0, y0, x1, y1 = frame.x0, frame.y0, frame.x1, frame.y1
        for k in range(pdfium_c.FPDFPage_CountObjects(page)):
            obj = get_object(page, k)
            kind = get_type(obj)
            if self.off_layers and self._on_off_layer(obj):
                if kind == text_kind:
                    hidden[ctypes.addressof(obj.contents)] = "layer"
                elif kind == pdfium_c.PAGEOBJ_FORM:
                    texts: list[object] = []
                    self._form_texts(form=obj, texts=texts, depth=0, stop_at_images=False)
                    hidden.update((ctypes.addressof(o.contents), "layer") for o in texts)
                continue
            if kind == text_kind:
                if not get_bounds(obj, l, b, r, t):
                    continue
                bounds = left, bottom, right, top = l.value, b.value, r.value, t.value
                mode = render_mode(obj)
                # A colour pdfium cannot give (a pattern) is not judged: the text stays.
                coloured = (pdfium_c.FPDFPageObj_GetStrokeColor if mode in (1, 5) else fill_colour)(obj, *u)
                if right < x0 or left > x1 or top < y0 or bottom > y1:  # Frame.outside, inlined
                    hidden[ctypes.addressof(obj.contents)] = "off-page"
                elif mode in _INVISIBLE_MODES or (coloured and u[3].value == 0):
                    candidates.append((k, obj, bounds, "invisible"))
                elif coloured and u[0].value >= _WHITE and u[1].value >= _WHITE and u[2].value >= _WHITE:
                    candidates.append((k, obj, bounds, "colour"))
                elif (clip := get_clip(obj)) and count_clips(clip) > 0 and self._clipped_away(obj, bounds):
                    hidden[ctypes.addressof(obj.contents)] = "clipped"
                else:
                    shown.append((k, obj, bounds))
            elif kind == path_kind and get_bounds(obj, l, b, r, t):
                box = (l.value, b.value, r.value, t.value)
                _ruling(frame.box(*box), height, segs)
                if shown and self._cover(obj):
                    covers.append((k, box))
            elif kind == pdfium_c.PAGEOBJ_FORM and get_bounds(obj, l, b, r, t):
                self._form(obj, k, (l.value, b.value, r.value, t.value), frame, hidden, candidates)
        for k, box in covers:
            for i, obj, bounds in shown:
                if i < k and _inside(bounds, box):
                    hidden[ctypes.addressof(obj.contents)] = "covered"
        if candidates:
            under = self._under(page)
            for k, obj, bounds, reason in candidates:
                # Invisible text over or under an image is a scan's OCR layer (some OCR tools
                # draw the text first); white text shows only on something dark drawn before it.
                if not any(i != k and _overlap(bounds, box) and (reason == "invisible" or (i < k and dark))
                           for i, box, dark in under):
                    hidden[ctypes.addressof(obj.contents)] = reason
        return segs, hidden

    def _form(self, form: object, k: int, bounds: Box, frame: Frame, hidden: dict[int, str],
              candidates: list[tuple[int, object, Box, str]]) -> None:
        """The text objects of a form XObject (a ``Do``), judged with the form's own place on the page.

        A form wholly off the page or clipped away hides all its text; a form holding an
        image is a scan with its OCR layer, whose text is read.
        """
        texts: list[object] = []
        if not self._form_texts(form, texts, 0):
            return
        if self.off_layers:
            for obj in [o for o in texts if self._on_off_layer(o)]:
                hidden[ctypes.addressof(obj.contents)] = "layer"
                texts.remove(obj)
        whole = "off-page" if frame.outside(bounds) else "clipped" if self._clipped_away(form, bounds) else None
        u = self._u
        for obj in texts:
            if whole is not None:
                hidden[ctypes.addressof(obj.contents)] = whole
                continue
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
            coloured = (pdfium_c.FPDFPageObj_GetStrokeColor if mode in (1, 5) else pdfium_c.FPDFPageObj_GetFillColor)(obj, *u)
            if mode in _INVISIBLE_MODES or (coloured and u[3].value == 0):
                candidates.append((k, obj, bounds, "invisible"))
            elif coloured and u[0].value >= _WHITE and u[1].value >= _WHITE and u[2].value >= _WHITE:
                candidates.append((k, obj, bounds, "colour"))

    def _form_texts(self, form: object, texts: list[object], depth: int, stop_at_images: bool = True) -> bool:
        """Collect a form's text objects (nested forms too); False when it draws an image or shading."""
        if depth > 8:
            return True
        for j in range(pdfium_c.FPDFFormObj_CountObjects(form)):
            child = pdfium_c.FPDFFormObj_GetObject(form, j)
            kind = pdfium_c.FPDFPageObj_GetType(child)
            if kind == pdfium_c.PAGEOBJ_TEXT:
                texts.append(child)
            elif kind in (pdfium_c.PAGEOBJ_IMAGE, pdfium_c.PAGEOBJ_SHADING):
                if stop_at_images:
                    return False
            elif kind == pdfium_c.PAGEOBJ_FORM and not self._form_texts(child, texts, depth + 1, stop_at_images):
                return False
        return True

    def _on_off_layer(self, obj: object) -> bool:
        """Whether an object's optional-content mark (``/OC /name BDC``) names a layer turned off."""
        raw, length = self._mark, self._mark_len
        units = ctypes.cast(raw, ctypes.POINTER(ctypes.c_ushort))
        for m in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, m)
            if not mark or not pdfium_c.FPDFPageObjMark_GetName(mark, units, 512, ctypes.byref(length)):
                continue
            if raw.raw[: length.value].decode("utf-16-le", errors="replace").rstrip("\x00") != "OC":
                continue
            if pdfium_c.FPDFPageObjMark_GetParamStringValue(mark, b"Name", units, 512, ctypes.byref(length)):
                # pdfium hands a UTF-16 name back byte by byte (its NULs kept, its BOM lost):
                # compared without NULs, an ASCII layer name matches pdf_layers' reading.
                name = raw.raw[: length.value].decode("utf-16-le", errors="replace").replace("\x00", "")
                if name.removeprefix("\u00fe\u00ff") in self.off_layers:
                    return True
        return False

    def _cover(self, path: object) -> bool:
        """Whether a path is an opaque white or black filled box (white-out, a redaction), axis-aligned.

        Only these two colours: a coloured box drawn over text may be a flattened highlight
        in a blend mode pdfium does not report, under which the text still shows.
        """
        u, (fill, stroke) = self._u, self._i
        if not (pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke) and fill.value):
            return False
        if not pdfium_c.FPDFPageObj_GetFillColor(path, *u) or u[3].value < 255:
            return False
        low, high = min(u[0].value, u[1].value, u[2].value), max(u[0].value, u[1].value, u[2].value)
        if not (low >= _WHITE or high <= 5):
            return False
        m = self._matrix
        if not pdfium_c.FPDFPageObj_GetMatrix(path, m) or abs(m.b) > 1e-6 or abs(m.c) > 1e-6:
            return False
        count = pdfium_c.FPDFPath_CountSegments(path)
        if not 4 <= count <= 5:
            return False
        points = []
        for n in range(count):
            seg = pdfium_c.FPDFPath_GetPathSegment(path, n)
            if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, self._px, self._py):
                return False
            points.append((round(self._px.value, 2), round(self._py.value, 2)))
        return len({x for x, _ in points}) == 2 and len({y for _, y in points}) == 2

    def _clipped_away(self, obj: object, bounds: Box) -> bool:
        """Whether the object's clipping path leaves none of it visible."""
        clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
        if not clip:
            return False
        paths = pdfium_c.FPDFClipPath_CountPaths(clip)
        if paths <= 0:
            return False
        for n in range(paths):
            count = pdfium_c.FPDFClipPath_CountPathSegments(clip, n)
            if count <= 0:
                continue
            xs, ys = [], []
            for s in range(min(count, 64)):
                seg = pdfium_c.FPDFClipPath_GetPathSegment(clip, n, s)
                if seg and pdfium_c.FPDFPathSegment_GetPoint(seg, self._px, self._py):
                    xs.append(self._px.value)
                    ys.append(self._py.value)
            if xs and (max(xs) - min(xs) < 0.5 or max(ys) - min(ys) < 0.5
                       or not _overlap(bounds, (min(xs), min(ys), max(xs), max(ys)))):
                return True
        return False

    def _under(self, page: object) -> list[tuple[int, Box, bool]]:
        """(index, bounds, dark) of what text may stand on: images, forms, shadings, filled paths."""
        found: list[tuple[int, Box, bool]] = []
        u, (fill, stroke) = self._u, self._i
        for k in range(pdfium_c.FPDFPage_CountObjects(page)):
            obj = pdfium_c.FPDFPage_GetObject(page, k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind in (pdfium_c.PAGEOBJ_IMAGE, pdfium_c.PAGEOBJ_FORM, pdfium_c.PAGEOBJ_SHADING):
                dark = True
            elif kind == pdfium_c.PAGEOBJ_PATH:
                if not (pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) and fill.value):
                    continue
                if pdfium_c.FPDFPageObj_GetFillColor(obj, *u):
                    dark = min(u[0].value, u[1].value, u[2].value) < _WHITE and u[3].value > 0
                else:
                    dark = True  # a pattern or shading fill
            else:
                continue
            bounds = self._bounds(obj)
            if bounds is not None:
                found.append((k, bounds, dark))
        return found


def mask_hidden(tp: object, text: str, hidden: dict[int, str]) -> tuple[str, dict[str, int]]:
    """``text`` with the characters of hidden objects blanked (line breaks kept), and words hidden by reason."""
    chars = list(text)
    parts: dict[str, list[str]] = {}
    for i, ch in enumerate(text):
        obj = pdfium_c.FPDFText_GetTextObject(tp, i)
        if not obj:
            continue
        reason = hidden.get(ctypes.addressof(obj.contents))
        if reason is not None and ch not in "\r\n":
            parts.setdefault(reason, []).append(ch)
            chars[i] = " "
    return "".join(chars), {reason: count_words("".join(cs)) for reason, cs in parts.items()}


def _inside(inner: Box, outer: Box, tolerance: float = 0.5) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _ruling(box: Box, height: float, segs: list[Box]) -> None:
    """Thin rules and rectangle edges as (x0, top, x1, bottom) segments."""
    x0, x1, top, bottom = box[0], box[2], height - box[3], height - box[1]
    w, h = x1 - x0, bottom - top
    if h <= 2.5 and w >= 8:
        segs.append((x0, (top + bottom) / 2, x1, (top + bottom) / 2))
    elif w <= 2.5 and h >= 5:
        segs.append(((x0 + x1) / 2, top, (x0 + x1) / 2, bottom))
    elif w > 2.5 and h > 2.5:
        segs += [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]


def hidden_message(words: dict[str, int]) -> str:
    """The hidden-text warning of a PDF: how many words were set aside, and why."""
    total = sum(words.values())
    why = "; ".join(f"{n} {REASONS[k]}" for k, n in words.items() if n)
    return (f"{total} word{'s' if total != 1 else ''} of hidden text ({why}) were set aside:"
            " text a reader cannot see is never evidence.")
