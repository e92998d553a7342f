"""Project configuration: the ``jfp.toml`` (or ``[tool.jfp]`` in pyproject.toml) model, loading and merging.

Which file a command reads is ``jfp.config_search``'s decision (re-exported here). Every
load error is a ``UsageError`` (exit 2) naming the file and the key.
Keys are snake_case (``fail_on``); a relative ``rules`` path is resolved against the
config file's directory when such a file or directory exists there.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jfp.config_search import CONFIG_NAME, config_file, discover, read_toml  # noqa: F401 - re-exported
from jfp.errors import UsageError
from jfp.options import DEFAULT_LIMITS, MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, MB, FailOn, Options, ReportFormat

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

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)  # inf and nan are not limits

    timeout_seconds: float = Field(default=DEFAULT_LIMITS.timeout_seconds, gt=0, le=MAX_TIMEOUT_SECONDS)
    max_file_mb: float = Field(default=DEFAULT_LIMITS.max_file_bytes / MB, gt=0, le=MAX_MEMORY_MB)
    max_memory_mb: int = Field(default=int(DEFAULT_LIMITS.max_memory_mb), gt=0, le=MAX_MEMORY_MB)


class FootprintConfig(_Strict):
    """The bodies of the ICB's footprint: checked per body where a rule asks (P02, P07, P08)."""

    boards: list[str] = Field(default_factory=list)  # health and wellbeing boards
    partner_trusts: list[str] = Field(default_factory=list)
    local_authorities: list[str] = Field(default_factory=list)


def _as_of(value: Any) -> Any:
    if isinstance(value, str) and value != "all":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("as_of takes a date such as 2027-04-01, or \"all\"") from None
    return value


class Config(_Strict):
    """Everything a project can set in jfp.toml; CLI options override it (``merge``)."""

    rules: str | None = None  # rule pack id ("jfp-2024-25") or a path to a rule pack
    fail_on: FailOn = _DEFAULT.fail_on
    fail_under: float | None = Field(default=_DEFAULT.fail_under, ge=0, le=100, allow_inf_nan=False)
    format: ReportFormat = _DEFAULT.format
    outputs: list[str] = Field(default_factory=list)  # report files; format from the extension
    hwb: list[str] = Field(default_factory=list)  # health and wellbeing boards expected in P02
    plan_year: str | None = Field(default=None, pattern=r"^\d{4}/\d{2}$")
    waivers: list[Waiver] = Field(default_factory=list)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    footprint: FootprintConfig = Field(default_factory=FootprintConfig)
    trusts: list[str] = Field(default_factory=list)  # --trust: partner trusts, added to the footprint's
    as_of: date | Literal["all"] | None = None  # read the law as at this date (duties not in force)

    _check_as_of = field_validator("as_of", mode="before")(classmethod(lambda cls, v: _as_of(v)))


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


def output_paths(config: Config, path: Path) -> tuple[str, ...]:
    """The config's ``outputs``, resolved inside the config file's own folder.

    A config names report files relative to itself; an absolute path, or one that leaves
    that folder (``..``, or through a symbolic link), is a UsageError naming the file.
    """
    home = Path(os.path.realpath(Path(path).parent))
    resolved = []
    for name in config.outputs:
        if not name.strip() or Path(name).is_absolute() or PureWindowsPath(name).drive:
            raise UsageError(f"{path}: outputs: '{name}' must be a file name relative to the config's folder.")
        target = Path(os.path.realpath(home / name))
        if home not in target.parents:
            raise UsageError(f"{path}: outputs: '{name}' leaves the config's folder {home}.")
        resolved.append(str(target))
    return tuple(resolved)


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
# jfp looks for this file from the folder you run it in, upward (or a [tool.jfp] table
# in pyproject.toml), never beside the plans it checks; --config names one outright.
# Command-line options override every setting here.

# Rule pack: a built-in id or a path to your own pack (relative to this file). Without it,
# jfp picks the shipped pack from the plan's own period and title, and says why.
# rules = "jfp-2026-27"

# When `jfp check` exits 1 (fails CI):
#   "statutory"  a statutory requirement is missing (default)
#   "process"    a statutory or process requirement is missing
#   "any"        any requirement is not fully met (partial counts too)
#   "none"       never on status
fail_on = "statutory"

# Also fail when the overall score (0-100) is under this number.
# fail_under = 70

# Report format: what `jfp check` prints, and the extra per-plan format `jfp batch` writes.
# Report files to write (format taken from the extension: .json .md .html .sarif .xml
# (JUnit) .txt), relative to this file's folder and inside it.
format = "table"
# outputs = ["jfp-report.html", "jfp.sarif"]

# Plan year, when the plan does not say it clearly.
# plan_year = "2025/26"

# Health and wellbeing boards whose final opinion the plan must state (P02), and partner
# trusts whose agreement it must record (P07); both are added to [footprint] below.
# trusts = ["Kestrel Hospitals NHS Foundation Trust"]
# hwb = ["Kestrel Health and Wellbeing Board", "Harrier Health and Wellbeing Board"]

# Duties not yet in force are checked only from their commencement; "all" checks them too.
# as_of = 2027-04-01

# The ICB's footprint: every body the plan is for. Board opinions, joint strategy steps
# and partner trusts' agreement are checked per body, and the report lists the bodies
# the plan covers and those it does not.
# [footprint]
# boards = ["Kestrel Health and Wellbeing Board", "Harrier Health and Wellbeing Board"]
# partner_trusts = ["Kestrel Hospitals NHS Foundation Trust"]
# local_authorities = ["Kestrel Council", "Harrier Council"]

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
