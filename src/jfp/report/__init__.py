"""Reporters: turn a ``Report`` into text, one format per module, chosen by ``Format``.

Each format module exposes ``render(report, *, verbose=False) -> str``, and those with a
document structure (SARIF, JUnit, JSON, HTML, Markdown) ``render_many(reports, *, verbose,
unread)``, which puts every plan of one command into one well-formed document. Modules are
imported on first use so ``--format json`` never pays for Rich or the HTML template.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from jfp.errors import DocumentError, UsageError
from jfp.models import Report
from jfp.options import ReportFormat as Format


# Format -> module under jfp.report; a test checks every member has one.
MODULES: dict[Format, str] = {
    Format.table: "terminal",
    Format.json: "json",
    Format.markdown: "markdown",
    Format.html: "html",
    Format.sarif: "sarif",
    Format.junit: "junit",
}

# Longest suffixes first so ".sarif.json" is SARIF, not JSON.
_EXTENSIONS: list[tuple[str, Format]] = [
    (".sarif.json", Format.sarif),
    (".sarif", Format.sarif),
    (".json", Format.json),
    (".markdown", Format.markdown),
    (".md", Format.markdown),
    (".html", Format.html),
    (".htm", Format.html),
    (".xml", Format.junit),
    (".txt", Format.table),
]


def renderer(fmt: Format | str) -> Callable[..., str]:
    """The ``render`` function of a format's module."""
    module = importlib.import_module(f"jfp.report.{MODULES[Format(fmt)]}")
    return module.render


def render(report: Report, fmt: Format | str, verbose: bool = False) -> str:
    """The report in ``fmt``; ``verbose`` adds every evidence hit where the format has room."""
    return renderer(fmt)(report, verbose=verbose)


def render_all(reports: list[Report], fmt: Format | str, verbose: bool = False,
               unread: Sequence[DocumentError] = (), explanations: Mapping[str, str] | None = None) -> str:
    """Every plan of one command as ONE document of ``fmt`` (one SARIF log, one JUnit
    ``testsuites``, one JSON object, one HTML or Markdown page), whatever the count;
    ``unread`` are the plans that could not be read, shown where the format has a place;
    ``explanations`` (requirement id -> ``jfp rules show`` text) are linked from the HTML page."""
    fmt = Format(fmt)
    module = importlib.import_module(f"jfp.report.{MODULES[fmt]}")
    if fmt is Format.html:
        return module.render_many(reports, verbose=verbose, unread=unread, explanations=explanations)
    many = getattr(module, "render_many", None)
    if many is not None:
        return many(reports, verbose=verbose, unread=unread)
    texts = [module.render(r, verbose=verbose) for r in reports]
    return "\n".join(t if t.endswith("\n") else t + "\n" for t in texts)


def infer_format(path: str | os.PathLike[str]) -> Format:
    """The format an output file's extension asks for; UsageError for an unknown one."""
    name = Path(path).name.lower()
    for suffix, fmt in _EXTENSIONS:
        if name.endswith(suffix):
            return fmt
    known = ", ".join(s for s, _ in _EXTENSIONS)
    raise UsageError(f"{path}: cannot tell the report format from the extension (use one of {known})")


def refuse_duplicate_outputs(outputs: Sequence[Path]) -> None:
    """UsageError before anything is read when the same file is named twice as an output (two
    formats would race for it). An output that is one of the inputs is ``jfp.input_guard``'s."""
    def where(path: Path) -> Path:
        # A symlink loop or an unreadable folder is the reader's error to report, not ours.
        try:
            return Path(path).resolve()
        except (OSError, RuntimeError):
            return Path(os.path.abspath(path))

    seen: dict[Path, Path] = {}
    for out in outputs:
        key = where(out)
        if key in seen:
            raise UsageError(f"--output {out} is given twice (also as {seen[key]}); name each report file once")
        seen[key] = Path(out)


def write_report(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` atomically: a temp file in the same folder, then ``os.replace``.

    An interrupted run leaves either the old file or the new one, never half of one.
    Missing parent folders are created (``--output reports/jfp.html`` in a fresh CI checkout).
    """
    import tempfile  # only when a file is written: it imports shutil and random

    target = Path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600; a report is an ordinary file, so honour the umask instead.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
