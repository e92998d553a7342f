"""Small questions the body walk asks of WordprocessingML elements: merged cells, TOC controls, wrapped children."""
from __future__ import annotations

from lxml import etree

from jfp.parsers.docx_styles import VAL, W

SDT, SDT_CONTENT = W + "sdt", W + "sdtContent"
# Block wrappers whose children are read as if they were the body's own.
BLOCK_WRAPPERS = {W + n for n in ("customXml", "ins", "moveTo")}


def children(parent: etree._Element, tag: str):
    """Direct children with ``tag``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from children(content, tag)
        elif child.tag in BLOCK_WRAPPERS:
            yield from children(child, tag)


def continues_merge(tcpr: etree._Element) -> bool:
    """A cell that continues a vertical (or legacy horizontal) merge: its text is elsewhere."""
    for tag in (W + "vMerge", W + "hMerge"):
        merge = tcpr.find(tag)
        if merge is not None and merge.get(VAL, "continue") != "restart":
            return True
    return False


def is_toc_sdt(sdt: etree._Element) -> bool:
    pr = sdt.find(W + "sdtPr")
    if pr is None:
        return False
    gallery = pr.find(f"{W}docPartObj/{W}docPartGallery")
    return gallery is not None and "table of contents" in gallery.get(VAL, "").lower()
