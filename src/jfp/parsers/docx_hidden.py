"""What Word would not show a reader of a .docx, so that it is never read as evidence.

A run is hidden when it is formatted hidden (``w:vanish`` or ``w:specVanish``, directly or
through its character or paragraph style and their ``basedOn`` chains, or the document
defaults), when it is in a shape marked hidden, when it is too
small to read (under ``TINY_HALF_POINTS``), or when its colour is the colour behind it
(white on a white page, a cell or paragraph shaded the text's own colour). Of an
``mc:AlternateContent``, exactly one branch is read: the first ``mc:Choice`` whose
``Requires`` namespaces Word understands, else the ``mc:Fallback``; text in a choice Word
would pass over counts as hidden. The walker adds up the words set aside by reason and
the reader says how many in one ``hidden-text`` warning.
"""
from __future__ import annotations

from lxml import etree

from jfp.parsers.docx_styles import NO_STYLE, VAL, Style, StyleTable, W, color_of, half_points, on, shading_of
from jfp.parsers.words import count_words

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
CHOICE, FALLBACK = MC + "Choice", MC + "Fallback"
VANISH, SPEC_VANISH, SIZE, RSTYLE, COLOR, SHD, HIGHLIGHT = (
    W + n for n in ("vanish", "specVanish", "sz", "rStyle", "color", "shd", "highlight")
)
# Text under 2 pt (w:sz below 4 half-points) cannot be read on paper or on screen at 100%;
# the smallest text real plans use (footnote references, legal small print) is 5-8 pt.
TINY_HALF_POINTS = 4
# Two colours whose channels all differ by at most this much look the same (FFFFFF on FEFEFE).
_SAME_COLOUR = 24
WHITE = "FFFFFF"
_HIGHLIGHT = {"white": "FFFFFF", "black": "000000", "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF",
              "magenta": "FF00FF", "blue": "0000FF", "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080",
              "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
              "darkGray": "808080", "lightGray": "C0C0C0"}
# The namespaces of the markup Word (2010 to 365) reads; a Choice requiring any other is skipped.
KNOWN_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:word",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.microsoft.com/office/word/2015/wordml/symex",
    "http://schemas.microsoft.com/office/word/2016/wordml/cid",
    "http://schemas.microsoft.com/office/word/2018/wordml",
    "http://schemas.microsoft.com/office/word/2018/wordml/cex",
    "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",
    "http://schemas.microsoft.com/office/word/2023/wordml/word16du",
    "http://schemas.microsoft.com/office/word/2024/wordml/sdtformatlock",
    "http://schemas.microsoft.com/office/drawing/2010/main",
    "http://schemas.microsoft.com/office/drawing/2014/chartex",
    "http://schemas.microsoft.com/office/drawing/2015/9/8/chartex",
    "http://schemas.microsoft.com/office/drawing/2015/10/21/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/5/9/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/5/10/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/5/11/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/5/12/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/5/13/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/5/14/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/ink",
    "http://schemas.microsoft.com/office/drawing/2017/model3d",
    "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
})
REASONS = {
    "vanish": "formatted as hidden",
    "tiny": "smaller than 2 points",
    "colour": "the colour of what is behind it",
    "choice": "in markup Word would pass over",
    "orphan": "in a document part the package does not use",
    "chunk": "hidden in an embedded chunk",
}


def take_branch(alt: etree._Element) -> tuple[etree._Element | None, int]:
    """(the branch Word reads, words in the choices it passes over) of an mc:AlternateContent."""
    skipped = 0
    for child in alt:
        if child.tag == CHOICE:
            if _understood(child):
                return child, skipped
            skipped += words_in(child)
        elif child.tag == FALLBACK:
            return child, skipped
    return None, skipped


def _understood(choice: etree._Element) -> bool:
    prefixes = choice.get("Requires", "").split()
    nsmap = choice.nsmap
    return bool(prefixes) and all(nsmap.get(p) in KNOWN_NAMESPACES for p in prefixes)


def words_in(el: etree._Element) -> int:
    """Words of the w:t text under ``el`` (what a part or branch would have shown)."""
    return count_words(" ".join(t.text or "" for t in el.iter(W + "t")))


_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_VML_HIDDEN = ("visibility:hidden", "display:none")


def shape_hidden(drawing: etree._Element) -> bool:
    """Whether a w:drawing's shape is marked hidden (wp:docPr hidden) or a w:pict's VML shape is styled hidden."""
    for el in drawing.iter(_DOC_PR):
        if el.get("hidden", "").lower() in ("1", "true", "on"):
            return True
    if drawing.tag == W + "pict":
        for el in drawing.iter():
            style = el.get("style") if isinstance(el.tag, str) else None
            if style and any(h in style.replace(" ", "").lower() for h in _VML_HIDDEN):
                return True
    return False


def same_colour(a: str, b: str) -> bool:
    """Whether two RRGGBB colours look alike."""
    try:
        return all(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) <= _SAME_COLOUR for i in (0, 2, 4))
    except ValueError:
        return False


def background_of(document: etree._Element | None) -> str:
    """The page colour: w:background's colour when the document sets one, else white."""
    el = document.find(W + "background") if document is not None else None
    colour = (el.get(W + "color") or "").strip().upper() if el is not None else ""
    return colour if len(colour) == 6 and all(c in "0123456789ABCDEF" for c in colour) else WHITE


def paragraph_background(shd: etree._Element | None, style: Style, behind: str | None) -> str | None:
    """What is behind a paragraph's text: its own shading (its pPr's w:shd), its style's, else what is behind it."""
    if behind is None:  # inside a shape: its fill is not known, so colours are not judged
        return None
    if shd is not None:
        return shading_of(shd) or behind
    return style.shading or behind


def hidden_reason(
    rpr: etree._Element | None, para: Style, styles: StyleTable, behind: str | None, default_size: int | None
) -> str | None:
    """Why a run is hidden ("vanish", "tiny", "colour"), or None when a reader sees it."""
    vanish = size = colour = shade = None
    char = NO_STYLE
    if rpr is not None:
        for c in rpr:
            tag = c.tag
            if tag == VANISH:
                vanish = on(c)
            elif tag == SPEC_VANISH:
                if on(c):
                    return "vanish"
            elif tag == SIZE:
                size = half_points(c)
            elif tag == RSTYLE:
                char = styles.character(c.get(VAL))
            elif tag == COLOR:
                colour = color_of(c)
            elif tag == SHD:
                shade = shading_of(c)
            elif tag == HIGHLIGHT:
                shade = _HIGHLIGHT.get(c.get(VAL, ""), shade)
    if vanish is None:
        # vanish is a toggle property: set in both the paragraph and the character style, it cancels.
        vanish = bool(char.vanish) != bool(para.vanish)
    if vanish:
        return "vanish"
    if size is None:
        size = char.size or para.size or default_size
    if size is not None and size < TINY_HALF_POINTS:
        return "tiny"
    if behind is not None:
        colour = colour or char.color or para.color
        if colour and colour != "AUTO" and same_colour(colour, shade or char.shading or behind):
            return "colour"
    return None


def hidden_message(words: dict[str, int]) -> str:
    """The hidden-text warning: how many words were set aside, and why."""
    total = sum(words.values())
    why = "; ".join(f"{n} {REASONS[k]}" for k, n in words.items() if n)
    return (f"{total} word{'s' if total != 1 else ''} of hidden text ({why}) were set aside:"
            " text a reader cannot see is never evidence.")
