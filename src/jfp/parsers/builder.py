"""Assemble a ``Document`` from the flat stream of headings and blocks a parser reads.

Every parser reads its format in document order and calls ``heading()`` and ``block()``
on this builder; this module alone knows how sections nest, how heading paths, page spans,
block indexes and word counts are derived, so the three parsers cannot disagree about them.

The models are made with ``model_construct``: every value is typed here, and validating
a long plan's thousand blocks (and building the validators in a fresh process) cost
``jfp outline`` about 0.05 s. ``tests/test_builder.py`` checks that what the builder makes
validates.
"""
from __future__ import annotations

from types import SimpleNamespace

from jfp.parsers.words import clean, count_words  # noqa: F401 - re-exported for the parsers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jfp.models import BlockKind, Document, DocumentFormat

# What the builder makes each part with: the models without validation (every value is
# typed here), or the Document's JSON form (``AS_DATA``: plain dicts with the models' fields
# in their order, exactly what ``Document.model_dump()`` gives) for ``jfp outline``, which
# only shows the document and so need not load pydantic at all. Keyword order matters for
# the dicts: every call below passes the fields in the order the models declare them.
AS_DATA = SimpleNamespace(block=dict, warning=dict, section=dict, meta=dict, document=dict)


def _as_models() -> SimpleNamespace:
    from jfp.models import Block, Document, DocumentMeta, DocWarning, Section

    return SimpleNamespace(
        block=Block.model_construct,
        warning=DocWarning.model_construct,
        section=Section.model_construct,
        meta=DocumentMeta.model_construct,
        document=Document.model_construct,
    )


class _Draft:
    __slots__ = ("heading", "level", "path", "page_start", "blocks", "children", "last_page", "source")

    def __init__(self, heading: str, level: int, path: list[str], page_start: int | None,
                 source: int | None = None) -> None:
        self.source = source
        self.heading = heading
        self.level = level
        self.path = path
        self.page_start = page_start
        self.blocks: list = []
        self.children: list[_Draft] = []
        self.last_page = page_start


class DocumentBuilder:
    """Collects headings and blocks in reading order and builds the section tree."""

    def __init__(
        self, path: str, fmt: DocumentFormat, sha256: str, size_bytes: int, make: SimpleNamespace | None = None
    ) -> None:
        self._make = make or _as_models()
        self._meta = dict(path=path, format=fmt, sha256=sha256, size_bytes=size_bytes)
        self._root = _Draft("", 0, [], None)
        self._preamble = _Draft("", 0, [], None)
        self._stack: list[_Draft] = []
        self._index = 0
        self._words = 0
        self._max_page: int | None = None
        self.warnings: list = []
        self.title: str | None = None

    def _current(self) -> _Draft:
        return self._stack[-1] if self._stack else self._preamble

    def _see_page(self, page: int | None) -> None:
        if page is not None:
            self._max_page = page if self._max_page is None else max(self._max_page, page)

    def heading(self, text: str, level: int, page: int | None = None, source: int | None = None) -> None:
        """Start a new section at ``level`` (1 = top); deeper levels nest under shallower ones."""
        text = clean(text)
        if not text:
            return
        level = max(1, level)
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        parent_path = self._stack[-1].path if self._stack else []
        draft = _Draft(text, level, [*parent_path, text], page, source)
        (self._stack[-1].children if self._stack else self._root.children).append(draft)
        self._stack.append(draft)
        self._see_page(page)
        if self.title is None and level == 1 and not self._preamble.blocks and self._index == 0:
            self.title = text

    def block(
        self,
        kind: BlockKind,
        text: str,
        page: int | None = None,
        rows: list[list[str]] | None = None,
        style: str | None = None,
        line: int | None = None,
        source: int | None = None,
    ) -> None:
        """Add a paragraph, list item or table to the current section (empty text is dropped).

        ``line``: the 1-based source line where it starts, for formats that have lines."""
        if kind == "table" and rows is not None:
            rows = [[clean(c) for c in row] for row in rows]
            rows = [row for row in rows if any(row)]
            if not rows:
                return
            text = "\n".join(" | ".join(c for c in row) for row in rows)
        else:
            text = clean(text)
        if not text:
            return
        current = self._current()
        current.blocks.append(
            self._make.block(kind=kind, text=text, index=self._index, page=page, rows=rows, style=style, line=line,
                             source=source)
        )
        self._index += 1
        self._words += count_words(text)
        self._see_page(page)
        for draft in self._stack or [self._preamble]:
            if page is not None:
                draft.last_page = page if draft.last_page is None else max(draft.last_page, page)
                if draft.page_start is None:
                    draft.page_start = page

    def warn(self, code: str, message: str, page: int | None = None) -> None:
        """Record a warning about how the document was read."""
        self.warnings.append(self._make.warning(code=code, message=message, page=page))

    def build(self, pages: int | None = None, title: str | None = None, infer_pages: bool = True) -> Document:
        """Freeze everything into a Document (``pages`` None: the last block's page, if inferring)."""

        make = self._make

        def freeze(d: _Draft):
            return make.section(
                heading=d.heading,
                level=d.level,
                path=d.path,
                page_start=d.page_start,
                page_end=d.last_page,
                blocks=d.blocks,
                children=[freeze(c) for c in d.children],
                source=d.source,
            )

        sections = [freeze(c) for c in self._root.children]
        if self._preamble.blocks:
            sections.insert(0, freeze(self._preamble))
        if not self._root.children and self._words:  # every section made is a heading's
            self.warn("no-headings", "No headings were recognised; the whole document is one section.")
        meta = make.meta(
            **self._meta,
            pages=pages if pages is not None or not infer_pages else self._max_page,
            words=self._words,
            title=title or self.title,
        )
        return make.document(meta=meta, warnings=self.warnings, sections=sections)
