"""The style table of a DOCX, built once from word/styles.xml.

Looking a style up per paragraph through python-docx walks the styles part every time;
resolving each style's basedOn chain once into a flat record makes the body walk a dict
lookup per paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from jfp.parsers.docx_package import W_NS

W = "{%s}" % W_NS
VAL = W + "val"
# Built-in heading styles keep the English name "heading N" in styles.xml whatever the UI
# language; the localised names cover documents whose styles were created by hand.
_HEADING_NAME = re.compile(
    r"^(?:heading|berschrift|überschrift|titre|kop|t[ií]tulo|titolo|rubrik|overskrift|otsikko|nagłówek)\s*(\d)$",
    re.IGNORECASE,
)
_TOC_NAME = re.compile(r"^(?:toc|inhaltsverzeichnis|table of contents)\s*\d*$|^toc heading$", re.IGNORECASE)
_LIST_NAME = re.compile(r"^list (?:bullet|number)(?: \d)?$", re.IGNORECASE)
_FALSE = {"0", "false", "off", "none"}
_LIGHT_THEME = {"background1", "light1"}


@dataclass(frozen=True)
class Style:
    """A paragraph or character style with its basedOn chain already applied."""

    name: str
    heading: int | None = None  # 1-based outline level from the name or w:outlineLvl
    title: bool = False
    toc: bool = False
    listed: bool = False  # numPr or a list style name
    bold: bool | None = None
    size: int | None = None  # half-points
    page_break_before: bool = False
    # What can hide a run (jfp.parsers.docx_hidden): w:vanish, the text colour and the
    # shading behind it (paragraph styles: pPr/w:shd; character styles: rPr/w:shd), as RRGGBB.
    vanish: bool | None = None
    color: str | None = None
    shading: str | None = None


NO_STYLE = Style(name="")


def on(el: etree._Element | None) -> bool | None:
    """A WordprocessingML on/off property: None if absent, else its truth."""
    if el is None:
        return None
    return el.get(VAL, "1").lower() not in _FALSE


# Word's largest font size is 1638 pt; a bigger or non-positive value is junk, which Word
# ignores (the run keeps its style's size) rather than refusing the file.
_MAX_HALF_POINTS = 3276


def half_points(el: etree._Element | None) -> int | None:
    """A w:sz value in half-points ("24", or ISO 29500 strict's "12pt"); None if absent or junk ("inf", "-4")."""
    if el is None:
        return None
    raw = el.get(VAL, "").strip().lower()
    try:
        value = float(raw[:-2]) * 2 if raw.endswith("pt") else float(raw)
    except ValueError:
        return None
    if not 0 < value <= _MAX_HALF_POINTS:  # also false for nan
        return None
    return int(value)


def color_of(el: etree._Element | None) -> str | None:
    """A w:color value as upper-case RRGGBB, "auto", or None when absent or not a colour."""
    if el is None:
        return None
    value = el.get(VAL, "").strip().upper()
    if value in ("", "AUTO") and el.get(W + "themeColor") in _LIGHT_THEME:
        return "FFFFFF"  # the theme's background colour, white in every built-in theme
    return value if value == "AUTO" or (len(value) == 6 and all(c in "0123456789ABCDEF" for c in value)) else None


def shading_of(el: etree._Element | None) -> str | None:
    """The colour a w:shd paints behind text as RRGGBB; None when absent, "auto" or clear of colour."""
    if el is None:
        return None
    pattern = el.get(VAL, "clear")
    # "solid" paints the pattern colour; every other pattern shows mostly the fill.
    value = (el.get(W + "color") if pattern == "solid" else el.get(W + "fill")) or ""
    value = value.strip().upper()
    return value if len(value) == 6 and all(c in "0123456789ABCDEF" for c in value) else None


def level_of(el: etree._Element) -> int:
    """A w:outlineLvl element as a 1-based heading level; 0 for body text (level 9)."""
    try:
        value = int(el.get(VAL, "9"))
    except ValueError:
        return 0
    return value + 1 if 0 <= value < 9 else 0


def outline_level(ppr: etree._Element | None) -> int | None:
    """w:outlineLvl of a pPr as a 1-based heading level; None if absent, 0 for body text."""
    if ppr is None:
        return None
    el = ppr.find(W + "outlineLvl")
    return None if el is None else level_of(el)


def numbering_on(num: etree._Element) -> bool:
    """Whether a w:numPr turns numbering on (numId 0 switches it off)."""
    for child in num:
        if child.tag == W + "numId":
            return child.get(VAL, "0") != "0"
    return True


def has_numbering(ppr: etree._Element | None) -> bool | None:
    """Whether a pPr's numPr turns numbering on; None if it has none."""
    if ppr is None:
        return None
    num = ppr.find(W + "numPr")
    return None if num is None else numbering_on(num)


class StyleTable:
    """Paragraph and character styles by id, resolved lazily and memoised."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[tuple[str, str], etree._Element] = {}
        self._done: dict[tuple[str, str], Style] = {}
        self.default_paragraph: str | None = None
        self.default_size: int | None = None
        # The document defaults under every paragraph style: only what can hide text is
        # taken from them here (their size is ``default_size``).
        self.base = NO_STYLE
        if root is None:
            return
        rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if rpr is not None:
            self.default_size = half_points(rpr.find(W + "sz"))
            vanish, colour = _vanish(rpr), color_of(rpr.find(W + "color"))
            if vanish or colour:
                self.base = Style(name="", vanish=vanish, color=colour)
        for el in root.iter(W + "style"):
            kind = el.get(W + "type", "paragraph")
            sid = el.get(W + "styleId")
            if sid is None or kind not in ("paragraph", "character"):
                continue
            self._raw[(kind, sid)] = el
            if kind == "paragraph" and self.default_paragraph is None and el.get(W + "default") in ("1", "true", "on"):
                self.default_paragraph = sid
        body = self.paragraph(None)
        if body.size is not None:
            self.default_size = body.size

    def paragraph(self, style_id: str | None) -> Style:
        """The resolved paragraph style (the default paragraph style when None or unknown)."""
        if style_id is None or ("paragraph", style_id) not in self._raw:
            style_id = self.default_paragraph
            if style_id is None:
                return self.base
        return self._resolve("paragraph", style_id, 0)

    def character(self, style_id: str | None) -> Style:
        """The resolved character style, or an empty one."""
        if style_id is None or ("character", style_id) not in self._raw:
            return NO_STYLE
        return self._resolve("character", style_id, 0)

    def _resolve(self, kind: str, sid: str, depth: int) -> Style:
        key = (kind, sid)
        done = self._done.get(key)
        if done is not None:
            return done
        el = self._raw.get(key)
        if el is None or depth > 20:  # a basedOn cycle must not recurse for ever
            return NO_STYLE
        based = el.find(W + "basedOn")
        root = self.base if kind == "paragraph" else NO_STYLE
        parent = self._resolve(kind, based.get(VAL, ""), depth + 1) if based is not None else root
        if parent is NO_STYLE:
            parent = root
        name_el = el.find(W + "name")
        name = name_el.get(VAL, sid) if name_el is not None else sid
        ppr = el.find(W + "pPr")
        rpr = el.find(W + "rPr")
        lname = name.strip().lower()
        match = _HEADING_NAME.match(lname) or _HEADING_NAME.match(sid)
        level = outline_level(ppr)
        if match:
            heading: int | None = int(match.group(1)) or None
        elif level is not None:
            heading = level or None  # an explicit body-text level undoes an inherited heading
        else:
            heading = parent.heading
        numbered = has_numbering(ppr)
        bold = on(rpr.find(W + "b")) if rpr is not None else None
        size = half_points(rpr.find(W + "sz")) if rpr is not None else None
        vanish = _vanish(rpr)
        color = color_of(rpr.find(W + "color")) if rpr is not None else None
        shade = ppr if kind == "paragraph" else rpr
        shading = shading_of(shade.find(W + "shd")) if shade is not None else None
        style = Style(
            name=name,
            heading=heading,
            title=lname == "title" or (parent.title and lname != "subtitle"),
            toc=bool(_TOC_NAME.match(lname)) or parent.toc,
            listed=bool(_LIST_NAME.match(lname)) or (numbered if numbered is not None else parent.listed),
            bold=bold if bold is not None else parent.bold,
            size=size if size is not None else parent.size,
            page_break_before=_page_break_before(ppr, parent.page_break_before),
            vanish=vanish if vanish is not None else parent.vanish,
            color=color or parent.color,
            shading=shading or parent.shading,
        )
        self._done[key] = style
        return style


def _page_break_before(ppr: etree._Element | None, inherited: bool) -> bool:
    value = on(ppr.find(W + "pageBreakBefore")) if ppr is not None else None
    return inherited if value is None else value


def _vanish(rpr: etree._Element | None) -> bool | None:
    """A style's own w:vanish (w:specVanish hides whatever it says); None if it sets neither."""
    if rpr is None:
        return None
    spec = rpr.find(W + "specVanish")
    if spec is not None and on(spec):
        return True
    return on(rpr.find(W + "vanish"))
