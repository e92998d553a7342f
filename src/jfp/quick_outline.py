"""``jfp outline FILE`` without loading the command line: the head start's recording, shown.

A fresh ``jfp`` spends about 0.3 s of CPU importing typer, pydantic and the models before
it can parse an option, while the head start (``jfp.prefetch``) is reading the plan on the
same two cores. For ``outline`` that work buys nothing: the reading child already has the
document, and showing it needs neither the models nor option parsing beyond a file and a
format. So the entry point first offers the command line here:

- only the plain forms are served: one file, optionally ``--format``/``-f`` ``text`` or
  ``json``; anything else (``--help``, other options, a second file, a bad format) is
  declined and typer handles it, with its own messages;
- only when a head start is reading that file and its recording is good: otherwise the
  command line reads the file in its sandbox and reports as it always does;
- the output is what the command line prints, byte for byte: the same renderers, on the
  Document's JSON form, which ``DocumentBuilder`` makes without pydantic (``AS_DATA``).
  ``tests/test_quick_outline.py`` compares the two paths on many files and forms.
"""
from __future__ import annotations

import sys

_FORMATS = ("text", "json")


def plain_arguments(args: list[str]) -> tuple[str, str] | None:
    """(file, format) for ``jfp outline``'s plain forms; None for anything else."""
    file = None
    fmt = "text"
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--format", "-f"):
            if i + 1 == len(args):
                return None
            fmt = args[i + 1]
            i += 2
            continue
        if arg.startswith("--format="):
            fmt = arg[len("--format="):]
        elif arg.startswith("-") or file is not None:
            return None  # another option, "--", "-" or a second file: the command line's job
        else:
            file = arg
        i += 1
    if file is None or fmt not in _FORMATS:
        return None
    return file, fmt


def run(args: list[str]) -> int | None:
    """Show the outline and return the exit code, or None to leave the command to the command line."""
    from jfp import prefetch

    parsed = plain_arguments(args)
    if parsed is None or not prefetch.pending(parsed[0]):
        return None
    # Everything is imported before waiting for the recording: after it is the critical path.
    from pathlib import Path

    from jfp.errors import DocumentError
    from jfp.outline import render_json, render_outline
    from jfp.output import write
    from jfp.parsers import DEFAULT_LIMITS, read_checked, sha256_of, shown_path
    from jfp.parsers.builder import AS_DATA, DocumentBuilder

    path = Path(parsed[0])
    try:
        fmt, data = read_checked(path, DEFAULT_LIMITS)
        sha256 = sha256_of(data)
        recording = prefetch.take(str(path), sha256, DEFAULT_LIMITS, timeout=DEFAULT_LIMITS.timeout_seconds)
    except DocumentError as exc:
        sys.stderr.write(f"jfp: {exc}\n")
        return exc.exit_code
    if recording is None:
        return None
    try:
        doc = recording.replay(DocumentBuilder(shown_path(path), fmt, sha256, len(data), AS_DATA))
    except Exception:  # noqa: BLE001 - the command line reads the file again and says what is wrong
        return None
    if doc["meta"]["words"] == 0:
        return None  # the command line's sentence for a document without text
    write(render_json(doc) if parsed[1] == "json" else render_outline(doc), parsed[1])
    return 0
