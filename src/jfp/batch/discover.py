"""Turn the paths a user typed (files, directories, glob patterns) into a list of plans.

Which files are plans (docs/batch.md, "Which files are plans"): in a folder or a glob, the
files ending .docx, .pdf, .md or .txt, except hidden files, Office lock files and the files
every repository has that are never plans (README, CHANGELOG, LICENSE, CONTRIBUTING, ...:
``NOT_PLANS``). ``--exclude PATTERN`` leaves out more; a file named explicitly is always
checked unless an ``--exclude`` pattern matches it.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path, PurePath

# Names (before the first dot, any case) of repository files that are never plans: README.md,
# readme.en.md and LICENSE.txt are left out, support-plan.docx and news-2025.pdf are not.
NOT_PLANS: frozenset[str] = frozenset({
    "readme", "changelog", "changes", "history", "news", "license", "licence", "copying",
    "contributing", "code_of_conduct", "code-of-conduct", "security", "authors", "notice", "support",
})

# Batch scans read the formats regional reviewers receive; ".markdown" is left to explicit paths.
SCAN_SUFFIXES = frozenset({".docx", ".pdf", ".md", ".txt"})
_GLOB_CHARS = frozenset("*?[")


def _skipped_name(name: str) -> bool:
    """Hidden files, Office lock files ("~$plan.docx") and NOT_PLANS are never plans."""
    return name.startswith(".") or name.startswith("~$") or name.split(".", 1)[0].lower() in NOT_PLANS


def excluded(path: str | os.PathLike[str], patterns: Iterable[str]) -> bool:
    """Whether an ``--exclude`` pattern matches the file: a glob matched (case-insensitively)
    against its name, or against its path or any tail of it ("drafts/*", "**/old/*.pdf")."""
    posix = PurePath(os.fspath(path)).as_posix().lower()
    parts = posix.split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    for pattern in patterns:
        pat = pattern.lower().replace("\\", "/").removeprefix("./")
        if pat.startswith("**/"):
            pat = pat[3:]
        if any(fnmatchcase(tail, pat) for tail in tails):
            return True
    return False


def _scan_dir(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        # Pruning in place stops os.walk descending into hidden folders (.git, .venv).
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not _skipped_name(name) and Path(name).suffix.lower() in SCAN_SUFFIXES:
                yield Path(dirpath) / name


def _expand(arg: str) -> Iterable[Path]:
    path = Path(arg)
    if path.is_dir():
        yield from _scan_dir(path)
    elif path.exists() or not (_GLOB_CHARS & set(arg)):
        # An explicit file is kept whatever its type (or even when missing) so the user
        # gets an error row saying why, rather than silence.
        yield path
    else:
        for match in sorted(glob.glob(arg, recursive=True)):
            m = Path(match)
            if m.is_dir():
                yield from _scan_dir(m)
            elif not _skipped_name(m.name) and m.suffix.lower() in SCAN_SUFFIXES:
                yield m


def _inside(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f + os.sep) for f in folders)


def discover(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = (),
             patterns: Iterable[str] = ()) -> list[Path]:
    """Files, directories (recursive) and glob patterns -> de-duplicated, sorted plan paths.

    Anything under an ``exclude`` folder (the batch's own output directory) is left out,
    so Markdown or text reports from an earlier run are never checked as plans; so is any
    file an ``--exclude`` pattern (``patterns``) matches.
    """
    skip = [os.path.normcase(os.path.abspath(e)) for e in exclude]
    patterns = list(patterns)
    seen: dict[str, Path] = {}
    for arg in paths:
        for found in _expand(os.fspath(arg)):
            key = os.path.normcase(os.path.abspath(found))
            if not _inside(key, skip) and not excluded(found, patterns):
                seen.setdefault(key, found)
    return sorted(seen.values(), key=lambda p: p.as_posix())

