"""Project configuration: the ``jfp.toml`` (or ``[tool.jfp]`` in pyproject.toml) model, discovery and merging.

Discovery works like a linter's: from a starting folder upward to the filesystem root, the
first ``jfp.toml``, or ``pyproject.toml`` with a ``[tool.jfp]`` table, wins; which folder a
command starts from is ``config_file``'s one decision. Every load error is a
``UsageError`` (exit 2) naming the file and the key.
Keys are snake_case (``fail_on``); a relative ``rules`` path is resolved against the
config file's directory when such a file or directory exists there.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jfp.errors import UsageError
from jfp.options import DEFAULT_LIMITS, MB, FailOn, ReportFormat

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 needs the backport (pyproject: tomli; python_version < '3.11')
    import tomli as tomllib

CONFIG_NAME = "jfp.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Waiver(_Strict):
    """An accepted gap: the requirement (id or code), why, and until when (inclusive)."""

    id: str = Field(min_length=1)
    reason: str
    expires: date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a waiver needs a reason: say why the gap is accepted")
        return value.strip()


class LimitsConfig(_Strict):
    """Resource bounds for one run."""

    timeout_seconds: float = Field(default=DEFAULT_LIMITS.timeout_seconds, gt=0)
    max_file_mb: float = Field(default=DEFAULT_LIMITS.max_file_bytes / MB, gt=0)
    max_memory_mb: int = Field(default=int(DEFAULT_LIMITS.max_memory_mb), gt=0)


class Config(_Strict):
    """Everything a project can set in jfp.toml; CLI options override it (``merge``)."""

    rules: str | None = None  # rule pack id ("jfp-2024-25") or a path to a rule pack
    fail_on: FailOn = FailOn.statutory
    fail_under: float | None = Field(default=None, ge=0, le=100)
    format: ReportFormat = ReportFormat.table
    outputs: list[str] = Field(default_factory=list)  # report files; format from the extension
    hwb: list[str] = Field(default_factory=list)  # health and wellbeing boards expected in P02
    plan_year: str | None = Field(default=None, pattern=r"^\d{4}/\d{2}$")
    waivers: list[Waiver] = Field(default_factory=list)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)


def _read_toml(path: Path) -> dict[str, Any]:
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
    tool = _read_toml(pyproject).get("tool")
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

    ``check`` searches from the folder of its first plan, ``batch`` from the current folder
    (its plans may come from many places); ``outline`` reads no config.
    """
    if no_config or command == "outline":
        return None
    if given is not None:
        return given
    start = files[0].resolve().parent if command == "check" and files else Path.cwd()
    return discover(start)


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _explain(path: Path, prefix: str, exc: ValidationError) -> UsageError:
    messages = []
    for err in exc.errors():
        key = _key_path(tuple(err["loc"]))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            name = str(err["loc"][-1])
            hint = f" (did you mean '{name.replace('-', '_')}'?)" if "-" in name else ""
            msg = f"unknown key{hint}"
        messages.append(f"{prefix}{key}: {msg}")
    return UsageError(f"{path}: " + "; ".join(messages))


def _validate(path: Path, data: dict[str, Any], prefix: str = "") -> Config:
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise _explain(path, prefix, exc) from None
    if config.rules and not Path(config.rules).is_absolute():
        candidate = path.parent / config.rules
        if candidate.exists():
            config = config.model_copy(update={"rules": str(candidate.resolve())})
    return config


def load_config(path: Path) -> Config:
    """Read and validate a jfp.toml or the ``[tool.jfp]`` table of a pyproject.toml."""
    path = Path(path)
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or not isinstance(tool.get("jfp"), dict):
            raise UsageError(f"{path}: no [tool.jfp] table")
        return _validate(path, tool["jfp"], prefix="tool.jfp.")
    return _validate(path, data)


def merge(config: Config, **overrides: Any) -> Config:
    """``config`` with every override that is not None applied (CLI options win), revalidated."""
    unknown = set(overrides) - set(Config.model_fields)
    if unknown:
        raise TypeError(f"unknown config keys: {', '.join(sorted(unknown))}")
    data = config.model_dump()
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise UsageError("; ".join(
            f"{_key_path(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()
        )) from None


def starter_config() -> str:
    """A commented starter jfp.toml, as ``jfp init`` writes it (with the default limits)."""
    limits = LimitsConfig()
    return _STARTER.format(timeout=f"{limits.timeout_seconds:g}", file_mb=f"{limits.max_file_mb:g}",
                           memory_mb=limits.max_memory_mb)


_STARTER = '''\
# jfp configuration: https://pypi.org/project/jfp/
# jfp looks for this file from the checked plan's folder upward (or a [tool.jfp] table
# in pyproject.toml). Command-line options override every setting here.

# Rule pack: a built-in id or a path to your own pack (relative to this file).
rules = "jfp-2024-25"

# When `jfp check` exits 1 (fails CI):
#   "statutory"  a statutory requirement is missing (default)
#   "process"    a statutory or process requirement is missing
#   "any"        any requirement is not fully met (partial counts too)
#   "none"       never on status
fail_on = "statutory"

# Also fail when the overall score (0-100) is under this number.
# fail_under = 70

# Output on the terminal, and report files to write (format taken from the extension:
# .json .md .html .sarif .xml (JUnit) .txt).
format = "table"
# outputs = ["jfp-report.html", "jfp.sarif"]

# Plan year, when the plan does not say it clearly.
# plan_year = "2025/26"

# Health and wellbeing boards whose final opinion the plan must state (P02).
# hwb = ["Kestrel Health and Wellbeing Board", "Harrier Health and Wellbeing Board"]

# Accepted gaps. A waiver needs a reason; after `expires` it stops applying and jfp warns.
# [[waivers]]
# id = "research"            # requirement id or code (S13)
# reason = "Research strategy is annex D, published with the plan"
# expires = 2026-06-30

[limits]
timeout_seconds = {timeout}
max_file_mb = {file_mb}
max_memory_mb = {memory_mb}
'''
