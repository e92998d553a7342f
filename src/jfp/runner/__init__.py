"""The runner: every decision about processes, in one place.

The parsers and the engine are pure functions (``jfp.parsers.parse``,
``jfp.pipeline.check_documents``); this package decides where they run:

- **the sandbox** (``sandbox``): each document (each ``--combine`` group) is read and
  checked in a forked child under the time and memory limits, so a hostile file that
  hangs, exhausts memory or crashes a C library becomes one sentence and exit 3;
- **sharing** (``share``): inside that child, with ``--jobs`` above 1, the pages of a long
  PDF and then the sections and requirements of a long plan are shared with forked
  helpers; short work is not, because a fork costs more than it saves there;
- **the batch pool** (``pool``): ``jfp batch`` checks ``--jobs`` documents at once, one
  per supervised worker process, each checking its document alone.

``--jobs`` defaults to the CPUs this process may use (``jfp.options.available_cores``);
nothing here looks at the machine's load, so a run's work and timings do not depend on
what else ran a minute ago.
"""
from __future__ import annotations

import os
from pathlib import Path

from jfp.mapper import serial
from jfp.options import Options
from jfp.runner import share
from jfp.runner.sandbox import bounded

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jfp.engine.loader import RulePack
    from jfp.mapper import Mapper
    from jfp.models import Document, Report

# Below these sizes a helper's fork and hand-over cost more than the work it takes over
# (measured on 2 cores: benchmarks/share_bench.py, docs/performance.md).
PAGES_WORTH_SHARING = 16  # PDF pages, read as one task each
WORDS_WORTH_SHARING = 4000  # words of a submission, for its sections and requirements

# What a process must have imported to read each format, before a fork: every child then
# shares it, and a shared library mapped inside a memory-capped child would count against
# the cap (and may fail to load).
_READERS = {
    ".docx": ("jfp.parsers.builder", "jfp.parsers.docx_read", "jfp.outline"),
    ".pdf": ("jfp.parsers.builder", "jfp.parsers.pdf_read", "jfp.outline"),
    ".md": ("jfp.parsers.text",),
    ".markdown": ("jfp.parsers.text",),
    ".txt": ("jfp.parsers.text",),
}


def page_mapper(options: Options) -> Mapper:
    """How a document's pages are read: shared among ``options.jobs`` processes when long enough."""
    return share.mapper(options.jobs, min_tasks=PAGES_WORTH_SHARING)


def work_mapper(docs: list[Document], options: Options) -> Mapper:
    """How a submission's sections and requirements are evaluated: shared when it is long enough."""
    if sum(d.meta.words for d in docs) < WORDS_WORTH_SHARING:
        return serial
    return share.mapper(options.jobs)


def preload(paths: list[str | os.PathLike[str]], engine: bool = False) -> None:
    """Import the readers these files need (and the engine) in this process, before a fork.

    With ``engine``, the Report models' validators are built here too (pydantic defers them
    to first use): the sandboxed child that makes the report and this process that renders
    it would otherwise each build them, about 20 ms of CPU apiece.
    """
    import importlib

    for p in paths:
        for module in _READERS.get(Path(p).suffix.lower(), ()):
            importlib.import_module(module)
    if engine:
        importlib.import_module("jfp.engine.evaluate")
        importlib.import_module("jfp.gate")
        from jfp import models

        for model in (models.Evidence, models.ElementResult, models.RequirementResult, models.DocumentSummary,
                      models.RulePackInfo, models.ToolInfo, models.StatusCounts, models.Gate, models.Report):
            model.model_rebuild()


def _read(path: Path, options: Options) -> Document:
    from jfp.parsers import parse

    return parse(path, options.limits, page_mapper(options))


def _check(paths: list[Path], pack: RulePack, options: Options) -> Report:
    from jfp.pipeline import check_documents

    from jfp.runner.pattern_watch import watched

    docs = [_read(p, options) for p in paths]
    with watched():  # a pattern stuck on one passage is the rule pack's fault: exit 2 naming the rule
        return check_documents(docs, pack, options, work_mapper(docs, options))


def _annotate(path: Path, pack: RulePack, options: Options):
    from jfp.annotate import annotate_copy
    from jfp.errors import DocumentError
    from jfp.parsers import read_checked, sha256_of
    from jfp.pipeline import check_documents

    doc = _read(path, options)  # exactly check's reading and checking, so the same report
    report = check_documents([doc], pack, options, work_mapper([doc], options))
    _, data = read_checked(path, options.limits)
    if sha256_of(data) != doc.meta.sha256:
        raise DocumentError(str(path), "changed while it was being annotated; run jfp annotate again.", "changed")
    return annotate_copy(str(path), data, doc, report, pack, options.limits)


def _outline(path: Path, options: Options) -> str:
    from jfp.outline import render_json, render_outline
    from jfp.parsers import parse_data

    doc = parse_data(path, options.limits, page_mapper(options))
    return render_json(doc) if options.outline_format.value == "json" else render_outline(doc)


def outline(path: str | os.PathLike[str], options: Options) -> str:
    """``jfp outline``: the document's tree (or its JSON form) as text, read in the sandbox.

    The sandboxed child reads and renders, so neither process builds the Document's models
    (``jfp.parsers.parse_data``) and only a string comes back through the pipe.
    """
    limits = options.limits
    preload([path])
    return bounded(_outline, Path(path), options, label=str(path),
                   timeout=limits.timeout_seconds, max_memory_mb=limits.max_memory_mb)


def read(path: str | os.PathLike[str], options: Options) -> Document:
    """The Document of one file, read in the sandbox; DocumentError when it cannot be."""
    limits = options.limits
    preload([path])
    return bounded(_read, Path(path), options, label=str(path),
                   timeout=limits.timeout_seconds, max_memory_mb=limits.max_memory_mb)


def check(paths: list[str | os.PathLike[str]], options: Options, pack: RulePack | None = None) -> Report:
    """Read and check files as ONE submission (a plan and its annexes), in the sandbox.

    ``pack`` is the loaded rule pack (loaded from ``options.rules`` when not given); a
    document that cannot be read, or that hangs or blows up, raises DocumentError.
    """
    from jfp.pipeline import load_pack

    pack = pack if pack is not None else load_pack(options)
    limits = options.limits
    preload(paths, engine=True)
    return bounded(_check, [Path(p) for p in paths], pack, options, label=", ".join(str(p) for p in paths),
                   timeout=limits.timeout_seconds, max_memory_mb=limits.max_memory_mb)


def annotate(path: str | os.PathLike[str], options: Options, pack: RulePack | None = None):
    """``jfp annotate``: check one DOCX or PDF as ``check`` does and make its annotated copy, in the sandbox.

    Returns a ``jfp.annotate.Annotated`` (the copy's bytes and the report); the caller writes
    the copy. A document that cannot be read raises DocumentError with check's sentence.
    """
    from jfp.pipeline import load_pack

    pack = pack if pack is not None else load_pack(options)
    limits = options.limits
    preload([path], engine=True)
    import jfp.annotate.docx_comments  # noqa: F401 - loaded before the fork, like the readers
    import jfp.annotate.notes  # noqa: F401

    if Path(path).suffix.lower() == ".pdf":
        import pypdfium2  # noqa: F401 - the PDF writer's helpers (the reader uses the raw API only)

        import jfp.annotate.pdf_notes  # noqa: F401

    return bounded(_annotate, Path(path), pack, options, label=str(path),
                   timeout=limits.timeout_seconds, max_memory_mb=limits.max_memory_mb)
