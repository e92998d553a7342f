"""Which config file a command reads: ``jfp.toml``, or ``pyproject.toml`` with a ``[tool.jfp]`` table.

Discovery works like a linter's: from a starting folder upward to the filesystem root, the
first ``jfp.toml``, or ``pyproject.toml`` with a ``[tool.jfp]`` table, wins; which folder a
command starts from is ``config_file``'s one decision. Kept apart from the config model
(``jfp.config``, pydantic) so that a run without a config file never loads it.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jfp.errors import UsageError

CONFIG_NAME = "jfp.toml"


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables; UsageError (exit 2) when it cannot be read or parsed."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 needs the backport (pyproject: tomli; python_version < '3.11')
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"{path}: config file not found") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config file ({exc.strerror})") from None
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


def config_file(command: str, files: list[Path], given: Path | None = None, no_config: bool = False) -> Path | None:
    """The config file a command reads: ``given``, else the one found upward, else None.

    ``check`` and ``annotate`` search from the folder of their (first) plan, ``batch`` from the current folder
    (its plans may come from many places); ``outline`` reads no config.
    """
    if no_config or command == "outline":
        return None
    if given is not None:
        return given
    start = files[0].resolve().parent if command in ("check", "annotate") and files else Path.cwd()
    return discover(start)
