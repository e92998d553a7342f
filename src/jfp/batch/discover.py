"""Turn the paths a user typed (files, directories, glob patterns) into a list of plans.

Only what can be read safely becomes a plan, and each file once:

- only regular files are opened: a FIFO, a device (``/dev/zero``, ``/dev/urandom``) or a
  socket, or a link to one, in a folder or on the command line, becomes a row that says
  "not a regular file" instead of a read that never ends;
- links are resolved and de-duplicated by the real file: a plan reachable by three
  spellings or links is checked once;
- links to folders are never followed, in folders or in globs (jfp walks the tree itself
  rather than through ``glob``, which follows them), so a symlink loop neither hangs nor
  multiplies a plan;
- a link found in a folder or glob whose real file lies outside every input root (the
  folders and glob bases typed) is skipped with a row saying so: a submission cannot make
  jfp read the reviewer's other files. A file named on the command line is the user's own
  choice and is read wherever its link points (if it is a regular file).

Which files are plans (docs/batch.md, "Which files are plans"): in a folder or a glob, the
files ending .docx, .pdf, .md or .txt, except hidden files, Office lock files and the files
every repository has that are never plans (README, CHANGELOG, LICENSE, CONTRIBUTING, ...:
``NOT_PLANS``). ``--exclude PATTERN`` leaves out more; a file named explicitly is always
checked unless an ``--exclude`` pattern matches it.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
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
NOT_REGULAR = "not-regular"
OUTSIDE_INPUTS = "outside-inputs"


@dataclass
class Found:
    """What discovery found: the plans to check and the paths set aside, each with its reason."""

    files: list[Path] = field(default_factory=list)
    skipped: dict[Path, tuple[str, str]] = field(default_factory=dict)  # path -> (reason, one sentence)

    @property
    def entries(self) -> list[Path]:
        """Every path that gets a row, sorted: plans and set-aside paths together."""
        return sorted([*self.files, *self.skipped], key=lambda p: p.as_posix())


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


def _is_plan_name(name: str) -> bool:
    return not _skipped_name(name) and Path(name).suffix.lower() in SCAN_SUFFIXES


def _walk(root: str):
    """``os.walk`` that never follows a link to a folder (so never loops) and skips hidden folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        # Pruning in place stops os.walk descending into hidden folders (.git, .venv) and
        # links to folders (listed among dirnames; os.walk does not follow them anyway).
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not os.path.islink(os.path.join(dirpath, d)))
        yield dirpath, dirnames, filenames


def _scan_dir(root: str) -> Iterable[tuple[Path, str]]:
    real_root = os.path.realpath(root)
    for dirpath, _, filenames in _walk(root):
        for name in filenames:
            if _is_plan_name(name):
                yield Path(dirpath) / name, real_root


def _parts(path: str) -> list[str]:
    """A path's components as typed ("a//b" is a, b), the root kept as its own component."""
    return ([os.sep] if path.startswith(os.sep) else []) + [p for p in path.split(os.sep) if p]


def _matches(parts: list[str], pats: list[str]) -> bool:
    """Whether path components match glob components; ``**`` matches any number of (non-hidden) folders."""
    if not pats:
        return not parts
    if pats[0] == "**":
        return _matches(parts, pats[1:]) or (bool(parts) and not parts[0].startswith(".") and _matches(parts[1:], pats))
    if not parts:
        return False
    if parts[0].startswith(".") and not pats[0].startswith(".") and parts[0] not in (".", ".."):
        return False  # as glob: a wildcard never matches a hidden name
    return fnmatchcase(parts[0], pats[0]) and _matches(parts[1:], pats[1:])


def _expand_glob(pattern: str) -> Iterable[tuple[Path, str]]:
    """The plans a glob pattern names, found by walking its fixed prefix without following folder links."""
    pats = _parts(pattern)
    fixed = []
    for part in pats:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    base = os.path.join(*fixed) if fixed else os.curdir
    if not os.path.isdir(base):
        return
    real_root = os.path.realpath(base)
    deep = "**" in pats
    for dirpath, dirnames, filenames in _walk(base):
        here = _parts(dirpath) if fixed else _parts(dirpath)[1:]  # without fixed parts, the walk starts at "."
        for name in filenames:
            if _matches([*here, name], pats) and _is_plan_name(name):
                yield Path(dirpath) / name, real_root
        for name in list(dirnames):
            if _matches([*here, name], pats):  # a matched folder is scanned whole
                dirnames.remove(name)
                yield from _scan_dir(os.path.join(dirpath, name))
        if not deep:
            dirnames[:] = [d for d in dirnames if len(here) + 1 < len(pats)]


def _expand(arg: str) -> Iterable[tuple[Path, str | None]]:
    """(path, the real input root it was found under, or None for a file named outright)."""
    if os.path.isdir(arg):
        yield from _scan_dir(arg)
    elif os.path.lexists(arg) or not (_GLOB_CHARS & set(arg)):
        # An explicit file is kept whatever its type (or even when missing) so the user
        # gets a row saying why, rather than silence.
        yield Path(arg), None
    else:
        yield from _expand_glob(arg)


def _inside(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def _set_aside(path: Path, root: str | None) -> tuple[str, str] | None:
    """Why a found path is not read, or None when it is a plan to check (a missing file is the worker's to report)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        return NOT_REGULAR, "is not a regular file (a device, FIFO or socket), so it was not opened."
    if root is not None and os.path.islink(path) and not _inside(os.path.realpath(path), [root]):
        return OUTSIDE_INPUTS, "is a link to a file outside the input folders, so it was skipped."
    return None


def find_plans(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = (),
               patterns: Iterable[str] = ()) -> Found:
    """Files, directories (recursive) and glob patterns -> the plans to check and the paths set aside.

    De-duplicated by real path (the first spelling found is kept) and sorted. Anything
    under an ``exclude`` folder (the batch's own output directory) is left out, so Markdown
    or text reports from an earlier run are never checked as plans; so is any file an
    ``--exclude`` pattern (``patterns``) matches.
    """
    skip = [os.path.normcase(os.path.realpath(e)) for e in exclude]
    patterns = list(patterns)
    seen: dict[str, tuple[Path, str | None]] = {}
    for arg in paths:
        for found, root in _expand(os.fspath(arg)):
            key = os.path.normcase(os.path.realpath(found))
            if not _inside(key, skip) and not _inside(os.path.normcase(os.path.abspath(found)), skip) \
                    and not excluded(found, patterns):
                seen.setdefault(key, (found, root))
    result = Found()
    for found, root in sorted(seen.values(), key=lambda pair: pair[0].as_posix()):
        why = _set_aside(found, root)
        if why is None:
            result.files.append(found)
        else:
            result.skipped[found] = why
    return result


def discover(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = (),
             patterns: Iterable[str] = ()) -> list[Path]:
    """The plans ``find_plans`` finds (regular files only), sorted; the paths it sets aside are left out."""
    return find_plans(paths, exclude, patterns).files
