"""Read Markdown (``.md``/``.markdown``) and plain text (``.txt``) plans into a ``Document``.

One line-oriented pass recognises headings (ATX ``#``, setext underlines and, in plain
text, numbered or "Chapter 4" lines), list items, pipe tables, fenced code, paragraphs
and YAML front matter; inline Markdown is reduced to the words a reader sees. Every
pattern is anchored or bounded by a negated character class, so a single 5 MB line or
a huge file parses in linear time.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from jfp.models import Document
from jfp.options import Limits
from jfp.parsers.source import sha256_of, shown_path
from jfp.parsers.builder import DocumentBuilder, clean, count_words
from jfp.parsers.html_text import strip_hidden_html
from jfp.parsers.words import MAX_HAND_HEADING_WORDS

# ----------------------------------------------------------------------------- decoding

# C0 controls except tab/newline/carriage return, plus DEL: they only ever come from bad bytes.
_CONTROLS = {c: None for c in [*range(0, 9), 11, 12, *range(14, 32), 127]}


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of ``data`` and, when it was not UTF-8, the name of the fallback encoding used."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:  # odd length or a lone surrogate: a damaged UTF-16 file
            return data.decode("utf-16", errors="replace"), "utf-16 (damaged)"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        # cp1252 leaves five bytes undefined; a file using them is not Windows text.
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _strip_comments(text: str) -> tuple[str, int]:
    """Drop ``<!-- ... -->`` and count its words; an unclosed opener is left as text rather than eating the file."""
    out: list[str] = []
    hidden = 0
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out.append(text[pos:start])
        hidden += count_words(text[start + 4:end])
        # Keep the line count of a multi-line comment's surroundings sane: a comment
        # alone on its lines leaves one blank line, which separates blocks as the author saw.
        out.append("\n" if "\n" in text[start:end] else "")
        pos = end + 3
    out.append(text[pos:])
    return "".join(out), hidden


# ----------------------------------------------------------------------------- inline

_TAGS = ("br", "p", "span", "div", "b", "i", "u", "em", "strong", "sup", "sub", "a", "img",
         "small", "mark", "details", "summary", "ins", "del", "font", "center", "hr", "abbr")
# Each pattern's repeated part excludes its own delimiter, so scanning stops at the next
# delimiter and a line full of unmatched markers stays linear.
_INLINE = [
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"!\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)"), r"\1"),
    (re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)"), r"\1"),
    (re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),
    (re.compile(r"</?(?:%s)\b(?:\s[^<>\n]{0,200})?/?>" % "|".join(_TAGS), re.I), " "),
    (re.compile(r"\*\*([^*\n]+)\*\*"), r"\1"),
    (re.compile(r"(?<![\w\\])__([^_\n]+)__(?!\w)"), r"\1"),
    (re.compile(r"~~([^~\n]+)~~"), r"\1"),
    (re.compile(r"(?<![\w*\\])\*([^*\s][^*\n]*)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w\\])_([^_\s][^_\n]*)_(?!\w)"), r"\1"),
]
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


_LONG_BLOCK = 50_000  # characters; no real paragraph is this long, only a broken export
_MARKERS = str.maketrans("", "", "*`~")


def inline(text: str) -> str:
    """Reduce inline Markdown (emphasis, links, code, tags, escapes) to its visible text."""
    if not any(ch in text for ch in "`[<*_~\\"):
        return text
    if len(text) > _LONG_BLOCK:
        # Every pattern below is linear, but eleven passes over megabytes of dense
        # markup take seconds; a runaway line gets links reduced and markers dropped.
        return _INLINE[2][0].sub(r"\1", text).translate(_MARKERS)
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return _ESCAPE.sub(r"\1", text)


# ----------------------------------------------------------------------------- line kinds

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HR = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_BULLET = re.compile(
    r"([ \t]*)([-*+\u2022\u2023\u25e6\u25aa\u2043\u2013]|\d{1,3}[.)]|[A-Za-z][)]|"
    r"\((?:[A-Za-z]|\d{1,3}|[ivxlc]{1,5})\)|[ivxlc]{1,5}[.)])[ \t]+(\S.*)"
)
_TABLE_SEP = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_NUMBERED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,4})(\.?)[ \t]+(\S.*)")
_CHAPTER = re.compile(r"(?:chapter|section|part)[ \t]+(?:\d{1,2}|[ivxlc]{1,5}|[a-z])\b", re.I)

_MAX_HEADING_CHARS = 100
_MAX_HEADING_WORDS = 14
# A date standing alone ("14 May 2024", a letter's date) is not heading "14".
_DATE_LINE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}", re.I)
# A line wholly in strong emphasis, standing alone: a hand-made heading, as a bold line is in Word.
_BOLD_LINE = re.compile(r"(?:\*\*([^*\n]+)\*\*|__([^_\n]+)__)")


def _atx(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, else None."""
    s = line.lstrip(" ")
    if len(line) - len(s) > 3 or not s.startswith("#"):
        return None
    level = len(s) - len(s.lstrip("#"))
    rest = s[level:]
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    rest = rest.strip()
    stripped = rest.rstrip("#")
    if not stripped or stripped[-1] in " \t":  # closing #s need a space before them
        rest = stripped.rstrip()
    return level, rest


def _numbered_heading(line: str) -> int | None:
    """Level of a plain-text numbered heading ("3.2 Research", "Chapter 4: Money"), else None."""
    s = line.strip()
    if len(s) > _MAX_HEADING_CHARS or s[-1] in ".,;:!?" or len(s.split()) > _MAX_HEADING_WORDS:
        return None
    m = _NUMBERED.fullmatch(s)
    if m and not _DATE_LINE.fullmatch(s):
        number, dot, title = m.groups()
        depth = number.count(".") + 1
        if depth == 1 and dot:  # "1. Do this" is a numbered list item
            return None
        if not (title[0].isupper() or title[0].isdigit()):
            return None
        return depth
    if _CHAPTER.match(s):
        return 1
    letters = sum(ch.isalpha() for ch in s)
    if letters >= 4 and not any(ch.islower() for ch in s) and len(s.split()) <= 10:
        return 1  # "OUR PRIORITIES": an all-capitals line standing alone
    return None


def _bold_heading(text: str) -> str | None:
    """The text of a stand-alone bold line that reads as a heading, else None."""
    m = _BOLD_LINE.fullmatch(text)
    if m is None:
        return None
    inner = (m.group(1) or m.group(2)).strip()
    if (not inner or inner[-1] in ".,;:" or len(inner.split()) > MAX_HAND_HEADING_WORDS
            or not inner[0].isalnum() or not any(ch.isalpha() for ch in inner)):
        return None
    return inner


def _cells(line: str) -> list[str]:
    """Cells of a pipe-table row; ``\\|`` stays inside a cell."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [inline(c.replace("\\|", "|")).strip() for c in re.split(r"(?<!\\)\|", s)]


def _is_table_row(line: str) -> bool:
    s = line.lstrip()
    return s.startswith("|") and s.count("|") >= 2


# ----------------------------------------------------------------------------- front matter


def _metadata(body: str) -> object:
    """Front matter as YAML data; None when it is not YAML or uses anchors and aliases.

    Front matter is metadata, never evidence: only its title is used. An alias is where an
    entity bomb ("billion laughs") hides, and expanding one line of nested aliases takes
    gigabytes, so front matter with any alias is not loaded at all (the event scan is
    linear in its size and expands nothing).
    """
    try:
        for event in yaml.parse(body, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                return None
        return yaml.load(body, Loader=_LOADER)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return None
    except RecursionError:  # 10 000 nested "[" in a title line
        return None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _front_matter(lines: list[str]) -> tuple[int, str | None]:
    """(lines to skip, title) for YAML front matter opening the file."""
    if not lines or lines[0].strip() != "---":
        return 0, None
    for i in range(1, min(len(lines), 500)):
        if lines[i].strip() in ("---", "..."):
            body = "\n".join(lines[1:i])
            title: str | None = None
            meta = _metadata(body)
            if isinstance(meta, dict) and isinstance(meta.get("title"), (str, int, float)):
                title = clean(str(meta["title"]))
            elif meta is None:
                m = re.search(r"^title:[ \t]*['\"]?([^&*'\"\s].*?)['\"]?[ \t]*$", body, re.M)
                title = clean(m.group(1)) if m else None
            return i + 1, title or None
    return 0, None


# ----------------------------------------------------------------------------- reader


class _Reader:
    """The line-by-line state machine; one instance per pass."""

    def __init__(
        self, builder: DocumentBuilder, markdown: bool, numbered: bool, line_paragraphs: bool = False,
        origins: list[int] | None = None,
    ) -> None:
        self.b = builder
        # origins[i]: the file's 1-based line number of the i-th line read (comments and
        # front matter removed), so each block knows where it starts (SARIF regions).
        self.origins = origins or []
        self.line: int | None = None
        self.starts: dict[str, int | None] = {}
        self.markdown = markdown
        self.numbered = numbered
        self.line_paragraphs = line_paragraphs
        self.para: list[str] = []
        self.para_style: str | None = None
        self.item: list[str] | None = None
        self.item_style: str | None = None
        self.table: list[list[str]] = []
        self.headings = 0
        self.level = 0  # the level of the last Markdown or numbered heading: a bold line ranks below it
        self.first_h1: str | None = None
        # The document's one "# Title" over "##" chapters names the document, as Word's Title
        # style does: it opens no section, and the chapters are the top level (set by _run).
        self.title_h1 = False

    # -- flushing
    def flush(self) -> None:
        """Emit whatever paragraph, list item or table is open."""
        if self.para:
            self.b.block("paragraph", inline(" ".join(self.para)), style=self.para_style, line=self.starts.get("para"))
            self.para = []
            self.para_style = None
        if self.item is not None:
            self.b.block("list_item", inline(" ".join(self.item)), style=self.item_style, line=self.starts.get("item"))
            self.item = None
        if self.table:
            self.b.block("table", "", rows=self.table, style="table", line=self.starts.get("table"))
            self.table = []

    def heading(self, text: str, level: int, bold: bool = False) -> None:
        """Close open blocks and start a section (``bold``: a hand-made heading, ranked below the last real one)."""
        self.flush()
        text = clean(inline(text))
        if not text:
            return
        if not bold:
            self.headings += 1
            self.level = level
        if level == 1 and self.first_h1 is None:
            self.first_h1 = text
            if self.title_h1:
                return
        self.b.heading(text, level - 1 if self.title_h1 and level > 1 else level)

    # -- the pass
    def run(self, lines: list[str]) -> None:
        """Read every line in order."""
        i, n = 0, len(lines)
        while i < n:
            line = lines[i].rstrip()
            self.line = self.origins[i] if i < len(self.origins) else None
            i += 1
            if not line.strip():
                self.flush()
                continue
            fence = _FENCE.match(line)
            if fence:
                self.flush()
                marker = fence.group(1)
                code: list[str] = []
                while i < n and not lines[i].strip().startswith(marker):
                    code.append(lines[i])
                    i += 1
                start = self.line + 1 if self.line is not None else None
                i += 1  # the closing fence (or past the end)
                self.b.block("paragraph", "\n".join(code), style="code", line=start)
                continue
            atx = _atx(line)
            if atx is not None:
                self.heading(atx[1], atx[0])
                continue
            # A setext underline makes a heading of the single text line just above it.
            if _SETEXT.match(line) and len(self.para) == 1 and self.item is None and not self.table:
                text = self.para[0]
                self.para = []
                self.heading(text, 1 if line.strip()[0] == "=" else 2)
                continue
            if _HR.match(line):
                self.flush()
                continue
            if _is_table_row(line) or (self.table and "|" in line) or (
                "|" in line and i < n and not self.para and self.item is None
                and _TABLE_SEP.match(lines[i]) and "|" in lines[i]
            ):
                if self.para or self.item is not None:
                    self.flush()
                if not _TABLE_SEP.match(line):
                    if not self.table:
                        self.starts["table"] = self.line
                    self.table.append(_cells(line))
                continue
            if self.table and _TABLE_SEP.match(line) and "|" in line:
                continue
            if self.table:
                self.flush()
            if (
                self.numbered and not self.para and self.item is None
                and (level := _numbered_heading(line)) is not None
            ):
                self.heading(line.strip(), level)
                continue
            bullet = _BULLET.fullmatch(line)
            if bullet:
                self.flush()
                marker = bullet.group(2)
                self.item = [bullet.group(3)]
                self.starts["item"] = self.line
                self.item_style = "List Number" if marker[-1] in ".)" else "List Bullet"
                continue
            text = line.strip()
            if (self.markdown and not self.para and self.item is None and (i >= n or not lines[i].strip())
                    and (bold := _bold_heading(text)) is not None):
                self.heading(bold, self.level + 1, bold=True)
                continue
            if self.markdown and text.startswith(">"):
                text = text.lstrip("> \t")
                if self.para_style is None and not self.para:
                    self.para_style = "blockquote"
            if self.item is not None and not self.line_paragraphs:
                self.item.append(text)  # a continuation line of the open list item
            else:
                if self.item is not None:
                    self.flush()
                if not self.para:
                    self.starts["para"] = self.line
                self.para.append(text)
                if self.line_paragraphs:
                    self.flush()
        self.flush()


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """True for text exported from a word processor: long unwrapped lines, hardly any blank ones."""
    lengths = sorted(len(line) for line in lines if line.strip())
    blank = sum(1 for line in lines if not line.strip())
    return len(lengths) >= 3 and blank <= len(lengths) // 10 + 1 and lengths[len(lengths) // 2] > 100


def _line_origins(text: str) -> list[int]:
    """For each line ``_strip_comments(text)`` has, the 1-based line of ``text`` it starts on."""
    origins: list[int] = []
    line, pos = 1, 0
    origins.append(line)
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if start < 0 or end < 0:
            break
        kept = text.count("\n", pos, start)
        origins += [line + k for k in range(1, kept + 1)]
        line += kept + text.count("\n", start, end)
        if "\n" in text[start:end]:  # the comment leaves one line break: the next line starts here
            origins.append(line)
        pos = end + 3
    kept = text.count("\n", pos)
    origins += [line + k for k in range(1, kept + 1)]
    return origins


def _run(path: Path, data: bytes, fmt: str, numbered: bool, skip: int,
         lines: list[str], encoding: str | None, hidden: int,
         origins: list[int] | None = None) -> tuple[_Reader, DocumentBuilder]:
    builder = DocumentBuilder(shown_path(path), fmt, sha256_of(data), len(data))  # type: ignore[arg-type]
    if encoding:
        builder.warn(
            "encoding",
            f"The file is not valid UTF-8; it was read as {encoding}, so some characters may be wrong.",
        )
    if hidden:
        builder.warn(
            "hidden-text",
            f"{hidden} word{'s' if hidden != 1 else ''} of hidden text (HTML comments and hidden elements)"
            " were set aside: text a reader cannot see is never evidence.",
        )
    reader = _Reader(
        builder, markdown=fmt == "markdown", numbered=numbered,
        line_paragraphs=fmt == "text" and _one_paragraph_per_line(lines[skip:]),
        origins=(origins or list(range(1, len(lines) + 1)))[skip:],
    )
    reader.title_h1 = fmt == "markdown" and _title_heading(lines[skip:])
    reader.run(lines[skip:])
    return reader, builder


def _title_heading(lines: list[str]) -> bool:
    """Whether the only level-1 ATX heading is the first heading and "##" chapters follow it."""
    levels: list[int] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (atx := _atx(line.rstrip())) is not None and atx[1].strip():
            levels.append(atx[0])
    return bool(levels) and levels[0] == 1 and levels.count(1) == 1 and 2 in levels


def parse(path: Path, data: bytes, limits: Limits) -> Document:
    """Parse a Markdown or plain-text plan into a Document (no pages)."""
    fmt = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    origins = _line_origins(text) if "<!--" in text else None
    text, hidden = _strip_comments(text)
    if fmt == "markdown":
        # A browser shows Markdown's HTML: what it hides is not the plan (issue 12.2).
        text, more = strip_hidden_html(text)
        hidden += more
    lines = text.split("\n")
    skip, fm_title = _front_matter(lines)
    reader, builder = _run(path, data, fmt, fmt == "text", skip, lines, encoding, hidden, origins)
    if fmt == "markdown" and reader.headings == 0:
        # Markdown with no Markdown headings is usually a text export: read its numbering.
        reader, builder = _run(path, data, fmt, True, skip, lines, encoding, hidden, origins)
    return builder.build(pages=None, title=fm_title or reader.first_h1 or (_first_line_title(lines[skip:]) if fmt == "text" else None))


def _first_line_title(lines: list[str]) -> str | None:
    """A plain-text file's title: its first line, when short, unpunctuated and set apart by a
    blank line ("Glossary of terms used in this plan"), as a reader takes it."""
    rest = iter(lines)
    for line in rest:
        if line.strip():
            first = line.strip()
            following = next(rest, "")
            if not following.strip() and len(first.split()) <= 12 and first[-1] not in ".:;,?!" and first[0].isupper():
                return clean(first)
            return None
    return None
