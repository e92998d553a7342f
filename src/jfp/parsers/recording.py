"""A builder that only records: a parser's calls kept as plain data, to replay elsewhere.

Every parser reads its format in order, calls ``heading``, ``block`` and ``warn`` on a
builder, then ``build``. ``DocumentBuilder`` turns the calls into a Document; a
``Recording`` keeps them. That lets a process that never loads pydantic or the models (the
head start of ``jfp.prefetch``) read a file, and the process that has them replay the
calls into a ``DocumentBuilder``: the same calls give the same Document.

Also here, because both kinds of builder and the readers use them: ``clean`` and
``count_words``.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def clean(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) and strip."""
    # str.split() splits on exactly the characters a Unicode regex's \s matches, and faster.
    return " ".join(text.replace("\u00ad", "").split())


def count_words(text: str) -> int:
    """Words as people count them: runs of letters or digits."""
    # subn counts the matches without making a string of each: twice as fast as findall.
    return _WORD.subn("", text)[1]


class Recording:
    """The builder calls of one parse, in order; ``replay`` makes them on a real builder."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.built: tuple | None = None  # the arguments of build(): (pages, title, infer_pages)

    def heading(self, text: str, level: int, page: int | None = None) -> None:
        self.calls.append(("heading", text, level, page))

    def block(self, kind: str, text: str, page: int | None = None, rows: list[list[str]] | None = None,
              style: str | None = None) -> None:
        self.calls.append(("block", kind, text, page, rows, style))

    def warn(self, code: str, message: str, page: int | None = None) -> None:
        self.calls.append(("warn", code, message, page))

    def build(self, pages: int | None = None, title: str | None = None, infer_pages: bool = True) -> Recording:
        self.built = (pages, title, infer_pages)
        return self

    @property
    def pages(self) -> int | None:
        """The page count the parser gave ``build`` (None: unknown, or not built yet)."""
        return self.built[0] if self.built else None

    def replay(self, builder):
        """Make every recorded call on ``builder`` and return what its ``build`` returns."""
        if self.built is None:
            raise ValueError("a recording is replayed only after its parse finished (build was called)")
        for name, *args in self.calls:
            getattr(builder, name)(*args)
        return builder.build(*self.built)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Recording) and (self.calls, self.built) == (other.calls, other.built)

    __hash__ = None  # mutable
