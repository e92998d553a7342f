"""The text a browser shows of HTML: hidden elements, comments, scripts and styles left out.

Two readers need it: Word's ``altChunk`` HTML parts (``html_chunk``), read as paragraphs,
and raw HTML inside Markdown (``text``), where ``<div hidden>``, ``style="display:none"``
and comments must not become evidence. An element is hidden when it has the ``hidden``
attribute, an inline style with ``display:none``, ``visibility:hidden``, ``font-size:0``,
``opacity:0``, white text, an offset of thousands of pixels off the page, a clip to nothing
or a zero height with ``overflow:hidden``, or a class or id that a ``<style>`` rule in the
same text hides that way. Every pattern here is bounded, so hostile markup parses in linear time.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jfp.parsers.words import count_words

# Ways CSS hides text: not displayed, invisible, zero-sized or transparent type, white on
# the white page, pushed thousands of pixels off the page, clipped to nothing.
_ZERO = r"\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size" + _ZERO + r"|opacity" + _ZERO
    + r"|(?<![-\w])color\s*:\s*(?:white|#fff(?:fff)?\b|rgba?\(\s*255\s*,\s*255\s*,\s*255\s*[,)])"
    r"|(?<![-\w])(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\d{4,}"
    r"|clip\s*:\s*rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0|clip-path\s*:\s*inset\(\s*50%",
    re.IGNORECASE,
)
_WHITE_NAMES = {"white", "#fff", "#ffffff"}
_ZERO_BOX = re.compile(r"(?<![-\w])(?:max-)?(?:height|width)" + _ZERO, re.IGNORECASE)
_OVERFLOW = re.compile(r"overflow\s*:\s*hidden", re.IGNORECASE)


def css_hides(style: str) -> bool:
    """Whether CSS declarations hide the element's text from a reader."""
    return bool(_HIDING.search(style) or (_ZERO_BOX.search(style) and _OVERFLOW.search(style)))
_NAME = re.compile(r"([.#])(-?[A-Za-z_][\w-]{0,100})")
# Elements that hold no text of their own (so cannot be "closed" around hidden text).
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def hiding_names(styles: str) -> tuple[set[str], set[str]]:
    """(classes, ids) that the CSS in ``styles`` hides with display, visibility, font size or opacity."""
    classes: set[str] = set()
    ids: set[str] = set()
    # Split by hand, not by a regex: a megabyte of CSS without braces must stay one pass.
    for rule in styles.split("}"):
        selector, brace, body = rule.rpartition("{")
        if not brace or not css_hides(body):
            continue
        for part in selector.rpartition("{")[2][-2000:].split(","):  # past an @media opener
            # The last simple selector names the element the rule applies to.
            names = _NAME.findall(part.strip().split()[-1]) if part.strip() else []
            for kind, name in names:
                (classes if kind == "." else ids).add(name)
    return classes, ids


def is_hidden(attrs: dict[str, str | None], classes: set[str], ids: set[str]) -> bool:
    """Whether an element with these attributes is hidden from a reader."""
    if "hidden" in attrs:
        return True
    if (attrs.get("color") or "").strip().lower() in _WHITE_NAMES or (attrs.get("size") or "").strip() == "0":
        return True  # <font color="white">, <font size="0">
    if attrs.get("style") and css_hides(attrs["style"] or ""):
        return True
    if classes and any(c in classes for c in (attrs.get("class") or "").split()):
        return True
    return bool(ids) and (attrs.get("id") or "") in ids


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,30})((?:\s[^<>]{0,2000})?)/?>")
_ATTR = re.compile(r"""([A-Za-z_:][\w:.-]{0,60})(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def blocks_of(text: str, name: str) -> tuple[str, list[str]]:
    """``text`` with every <name>...</name> block cut out (one line break each), and their contents.

    str.find, not a regex, so that a thousand unclosed openers cost one pass.
    """
    low = text.lower()
    opener, closer = f"<{name}", f"</{name}"
    kept: list[str] = []
    inner: list[str] = []
    pos = 0
    while True:
        start = low.find(opener, pos)
        if start < 0:
            break
        head_end = low.find(">", start)
        end = low.find(closer, head_end) if head_end >= 0 else -1
        if end < 0:
            break
        close_end = low.find(">", end)
        close_end = len(text) if close_end < 0 else close_end + 1
        kept.append(text[pos:start])
        kept.append("\n")
        inner.append(text[head_end + 1:end])
        pos = close_end
    kept.append(text[pos:])
    return "".join(kept), inner


def _attrs(text: str) -> dict[str, str | None]:
    return {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), None) for m in _ATTR.finditer(text)}


def strip_hidden_html(text: str) -> tuple[str, int]:
    """Markdown with hidden HTML elements (and style and script blocks) cut out, and the hidden words.

    The Markdown inside a visible element is kept; a hidden element is cut from its opening
    tag to its matching end tag (to the end of the text if it is never closed, as a browser
    hides it). Cuts that span lines leave one line break, so blocks stay apart.
    """
    if "<" not in text:
        return text, 0
    text, styles = blocks_of(text, "style")
    text, _ = blocks_of(text, "script")
    classes, ids = hiding_names(" ".join(styles)) if styles else (set(), set())
    out: list[str] = []
    hidden = 0
    pos = 0
    for m in _TAG.finditer(text):
        if m.start() < pos or m.group(1):
            continue
        name = m.group(2).lower()
        if name in _VOID or not is_hidden(_attrs(m.group(3)), classes, ids):
            continue
        end = _matching_end(text, name, m.end())
        cut = text[m.start():end]
        hidden += count_words(re.sub(r"<[^<>]{0,2000}>", " ", cut))
        out.append(text[pos:m.start()])
        out.append("\n" if "\n" in cut else " ")
        pos = end
    out.append(text[pos:])
    return "".join(out), hidden


def _matching_end(text: str, name: str, start: int) -> int:
    """The index just past the end tag closing an element ``name`` opened before ``start``."""
    depth = 1
    for m in _element_tags(name).finditer(text, start):
        depth += -1 if m.group(1) else (0 if m.group(0).endswith("/>") else 1)
        if depth == 0:
            return m.end()
    return len(text)


@lru_cache(maxsize=64)
def _element_tags(name: str) -> re.Pattern[str]:
    return re.compile(r"<(/?)%s(?=[\s>/])[^<>]{0,2000}>" % re.escape(name), re.IGNORECASE)
