"""Which config file a run reads: ``jfp.toml``, or ``pyproject.toml`` with a ``[tool.jfp]`` table.

Whose config applies: the person running jfp's, never a submitted file's. Discovery works
like a linter's: from the current working directory upward to the filesystem root, the
first ``jfp.toml``, or ``pyproject.toml`` with a ``[tool.jfp]`` table, wins; ``--config``
names one outright. It never starts from an input's folder, so a ``jfp.toml`` shipped
beside a plan cannot waive its gaps, and one run (``check`` or ``batch``, any number of
files in any order) reads one config. A config found upward that lies inside one of a
batch's input folders is not used (``inside_inputs``): a submission may carry one.

Reading is bounded: only a regular file is opened (non-blocking, so a FIFO cannot hang),
at most ``MAX_CONFIG_BYTES``, and a TOML nested too deeply is one sentence, exit 2.
Kept apart from the config model (``jfp.config``, pydantic) so that a run without a
config file never loads it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from jfp.errors import UsageError
from jfp.settings_file import read_settings_file

CONFIG_NAME = "jfp.toml"
MAX_CONFIG_BYTES = 1024 * 1024  # a real jfp.toml is a few hundred bytes


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables; UsageError (exit 2) when it cannot be read or parsed."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 needs the backport (pyproject: tomli; python_version < '3.11')
        import tomli as tomllib
    raw = read_settings_file(Path(path), "config file", MAX_CONFIG_BYTES)
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{path}: invalid TOML: not UTF-8 text.") from None
    except RecursionError:
        raise UsageError(f"{path}: invalid TOML: arrays or tables nested too deeply.") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None


def _has_jfp_table(pyproject: Path) -> bool:
    tool = read_toml(pyproject).get("tool")
    return isinstance(tool, dict) and "jfp" in tool


def discover(start: Path) -> Path | None:
    """The config that applies to ``start`` (a file or directory), searching upward; None if none."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_jfp_table(pyproject):
            return pyproject
    return None


def _fixed_prefix(arg: str) -> str:
    """A glob pattern's folder before its first wildcard ("in/*/x.md" -> "in", "*.md" -> "."); a path as it is."""
    parts = arg.split(os.sep)
    for i, part in enumerate(parts):
        if set("*?[") & set(part):
            return os.sep.join(parts[:i]) or (os.sep if arg.startswith(os.sep) else os.curdir)
    return arg


def inside_inputs(config: Path, inputs: list[Path]) -> Path | None:
    """The input folder ``config`` lies in (by real path), or None: a batch never uses such a config."""
    real = Path(os.path.realpath(config))
    for given in inputs:
        folder = Path(os.path.realpath(_fixed_prefix(str(given))))
        if folder.is_dir() and (folder == real.parent or folder in real.parents):
            return Path(given)
    return None


def config_file(command: str, files: list[Path], given: Path | None = None, no_config: bool = False) -> Path | None:
    """The config file a run reads: ``given``, else the one found upward from the working directory, else None.

    The same rule for ``check`` and ``batch``, whatever the files and their order;
    ``outline`` reads no config. For ``batch``, ``files`` are its input paths: a config
    found inside one of its folders is not used (UsageError says so and how to use it).
    """
    if no_config or command == "outline":
        return None
    if given is not None:
        return given
    found = discover(Path.cwd())
    if found is not None and command == "batch":
        folder = inside_inputs(found, files)
        if folder is not None:
            raise UsageError(f"{found} lies inside the input folder {folder}, so it may have come with the plans; "
                             f"pass --config {found} to use it or --no-config to ignore it.")
    return found
