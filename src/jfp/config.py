"""Project configuration: the ``jfp.toml`` (or ``[tool.jfp]`` in pyproject.toml) model, loading and merging.

Which file a command reads is ``jfp.config_search``'s decision (re-exported here). Every
load error is a ``UsageError`` (exit 2) naming the file and the key.
Keys are snake_case (``fail_on``); a relative ``rules`` path is resolved against the
config file's directory when such a file or directory exists there.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jfp.config_search import CONFIG_NAME, config_file, discover, read_toml  # noqa: F401 - re-exported
from jfp.errors import UsageError
from jfp.options import DEFAULT_LIMITS, MB, FailOn, Options, ReportFormat

_DEFAULT = Options(jobs=1)  # the defaults of everything a config file can set


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
    fail_on: FailOn = _DEFAULT.fail_on
    fail_under: float | None = Field(default=_DEFAULT.fail_under, ge=0, le=100)
    format: ReportFormat = _DEFAULT.format
    outputs: list[str] = Field(default_factory=list)  # report files; format from the extension
    hwb: list[str] = Field(default_factory=list)  # health and wellbeing boards expected in P02
    plan_year: str | None = Field(default=None, pattern=r"^\d{4}/\d{2}$")
    waivers: list[Waiver] = Field(default_factory=list)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)


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
    data = read_toml(path)
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
# jfp configuration (package jfp-nhs): https://github.com/jfp-developers/jfp/blob/main/docs/ci.md
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
