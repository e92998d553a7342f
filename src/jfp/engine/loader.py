"""Find, read, validate and merge rule packs.

A pack is a directory with ``pack.yaml`` and one ``<id>.yaml`` per requirement (the file
name must equal the rule id), or a single YAML file holding the pack keys plus ``rules:``.
A pack may ``extend`` another (by id or path): its rules override the base's by id, new
ids are added, ``remove`` drops base rules. Every problem is a ``UsageError`` (exit 2)
naming the file, the rule id and the key.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jfp.engine.regex_guard import (  # noqa: F401 - check_regex and nests_quantifiers are part of the loader's API
    PATTERN_BUDGET_SECONDS, check_regex, nests_quantifiers,
)
from jfp.engine.schema import (
    Context, PackFile, PackSelection, Rule, RuleExtension, StrengthValues, Vocabulary, Weights,
)
from jfp.engine.voice import CATEGORIES
from jfp.errors import UsageError

DEFAULT_PACK = "jfp-2024-25"


@dataclass(frozen=True)
class RulePack:
    """A validated, merged rule pack ready for the engine."""

    id: str
    title: str
    version: str
    rules: list[Rule]
    acronyms: dict[str, str] = field(default_factory=dict)
    vocabulary: dict[str, Vocabulary] = field(default_factory=dict)
    context: Context = field(default_factory=Context)
    weights: Weights = field(default_factory=Weights)
    strengths: StrengthValues = field(default_factory=StrengthValues)
    default_horizon_start: str | None = None
    source: str = ""
    guidance: str = ""
    extends: str | None = None  # the id of the pack this one extends
    selects: PackSelection | None = None  # when jfp picks this pack for a plan (jfp.engine.select)
    # What this pack did to each rule relative to its base: "new", "replaced" or "extended"
    # (a rule inherited unchanged is not listed). `jfp rules docs` and `rules diff` read it.
    changes: dict[str, str] = field(default_factory=dict)

    def find(self, key: str) -> Rule | None:
        """A rule by id, code (any case) or alias."""
        k = key.strip()
        for rule in self.rules:
            if k == rule.id or k.upper() == rule.code or k in rule.aliases:
                return rule
        return None


def builtin_packs_dir() -> Path:
    """Where the shipped packs live: inside the installed package, or the repository's rules/."""
    here = Path(__file__).resolve().parent.parent  # src/jfp or site-packages/jfp
    installed = here / "rules"
    if installed.is_dir():
        return installed
    return here.parent.parent / "rules"


def available_packs() -> list[str]:
    """Ids of the shipped packs."""
    base = builtin_packs_dir()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "pack.yaml").is_file())


def _resolve(ref: str, relative_to: Path | None = None) -> Path:
    candidates = []
    p = Path(ref)
    if relative_to is not None and not p.is_absolute():
        candidates.append(relative_to / p)
    candidates.append(p)
    candidates.append(builtin_packs_dir() / ref)
    for c in candidates:
        # A pack.yaml that is there but not a regular file (a FIFO, a link to a device) is
        # refused when read, naming it, rather than "unknown rule pack".
        if (c.is_dir() and os.path.lexists(c / "pack.yaml")) or (c.is_file() and c.suffix in (".yaml", ".yml")):
            return c
    known = ", ".join(available_packs()) or "none"
    raise UsageError(f"unknown rule pack '{ref}': not a pack directory, YAML file or shipped pack id ({known}).")


@dataclass
class Sources:
    """What a loaded pack was built from, so that a cached copy can be checked against it."""

    files: dict[str, str] = field(default_factory=dict)  # path -> SHA-256 of its bytes
    folders: dict[str, list[str]] = field(default_factory=dict)  # pack folder -> its rule file names
    refs: list[tuple[str, str | None, str]] = field(default_factory=list)  # (ref, relative to, resolved)

    def unchanged(self) -> bool:
        """Whether every file, folder listing and pack reference is still what it was."""
        try:
            for ref, relative_to, resolved in self.refs:
                if str(_resolve(ref, Path(relative_to) if relative_to else None).resolve()) != resolved:
                    return False
            for folder, names in self.folders.items():
                if _rule_file_names(Path(folder)) != names:
                    return False
            return all(_sha256(Path(p)) == digest for p, digest in self.files.items())
        except (OSError, UsageError):
            return False


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rule_file_names(folder: Path) -> list[str]:
    """The names ``folder.glob("*.y*ml")`` finds (listed directly: pathlib's glob costs ms here)."""
    from fnmatch import fnmatch

    return sorted(n for n in os.listdir(folder) if fnmatch(n, "*.y*ml") and (folder / n).is_file())


def safe_loader() -> type:
    """PyYAML's safe loader: libyaml's C one where available (~10x faster, just as safe)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_RULE_FILE_BYTES = 8 * 1024 * 1024  # the whole shipped pack is under 1 MB
MAX_EXTENDS = 32  # packs extending packs: a real chain is two or three long


def _read_yaml(path: Path, sources: Sources | None = None) -> Any:
    from jfp.settings_file import read_settings_file

    raw = read_settings_file(path, "rule file", MAX_RULE_FILE_BYTES)  # never a FIFO or a device
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: cannot read rule file ({exc}).") from None
    if sources is not None:
        sources.files[str(path.resolve())] = hashlib.sha256(raw).hexdigest()
    import yaml  # only when a pack is read from its files, not from the cache

    try:
        return yaml.load(text, Loader=safe_loader())
    except RecursionError:
        raise UsageError(f"{path}: invalid YAML (nested too deeply).") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise UsageError(f"{path}:{where}: invalid YAML ({getattr(exc, 'problem', exc)}).") from None


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err["loc"] if not str(x).startswith("function-after"))
        parts.append(f"{loc or '(top)'}: {err['msg']}")
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _validate_rule(data: Any, path: Path, expect_id: str | None) -> Rule:
    rid = data.get("id", "?") if isinstance(data, dict) else "?"
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a rule file must be a mapping of keys.")
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        raise UsageError(f"{path}: rule '{rid}': {_explain(exc)}.") from None
    if expect_id is not None and rule.id != expect_id:
        raise UsageError(f"{path}: rule id '{rule.id}' must equal the file name '{expect_id}'.")
    _check_rule_regexes(rule, path)
    return rule


def _extend_rule(data: dict, path: Path, expect_id: str | None, rules: dict[str, Rule]) -> Rule:
    """The base pack's rule with an extension's elements, examples and basis added."""
    rid = data.get("id", "?")
    try:
        ext = RuleExtension.model_validate(data)
    except ValidationError as exc:
        raise UsageError(f"{path}: rule '{rid}': {_explain(exc)}.") from None
    if expect_id is not None and ext.id != expect_id:
        raise UsageError(f"{path}: rule id '{ext.id}' must equal the file name '{expect_id}'.")
    base = rules.get(ext.id)
    if base is None:
        raise UsageError(f"{path}: rule '{ext.id}' extends a rule the base pack does not have.")
    merged = base.model_dump(mode="json", exclude_unset=True)
    merged["elements"] = [e.model_dump(mode="json", exclude_unset=True) for e in (*base.elements, *ext.elements)]
    merged["examples"] = [e.model_dump(mode="json", exclude_unset=True) for e in (*base.examples, *ext.examples)]
    if ext.basis:
        merged["basis"] = f"{base.basis}; {ext.basis}"
    return _validate_rule(merged, path, expect_id)


def _check_rule_regexes(rule: Rule, path: Path) -> None:
    for el in rule.elements:
        for i, pat in enumerate(el.patterns):
            where = f"{path}: rule '{rule.id}': elements.{el.id}.patterns.{i}"
            if pat.kind == "regex":
                check_regex(pat.pattern, f"{where}.pattern")
            elif pat.kind == "horizon":
                for key in ("own_period", "in_words"):
                    for j, source in enumerate(getattr(pat, key)):
                        check_regex(source, f"{where}.{key}.{j}")


# The vocabularies of a pack directory live beside pack.yaml, in their own file.
VOCABULARY_FILE = "vocabulary.yaml"
_NOT_RULES = ("pack.yaml", "pack.yml", VOCABULARY_FILE)


def _validate_vocabulary(data: Any, path: Path) -> dict[str, Vocabulary]:
    if not isinstance(data, dict):
        raise UsageError(f"{path}: the vocabulary file must be a mapping of category names.")
    out = {}
    for name, raw in data.items():
        try:
            out[str(name)] = Vocabulary.model_validate(raw)
        except ValidationError as exc:
            raise UsageError(f"{path}: vocabulary '{name}': {_explain(exc)}.") from None
    return out


def _load_one(path: Path, seen: tuple[str, ...], sources: Sources) -> RulePack:
    vocabulary_raw: Any = None
    if path.is_dir():
        meta_raw = _read_yaml(path / "pack.yaml", sources)
        sources.folders[str(path.resolve())] = _rule_file_names(path)
        rule_files = sorted(p for p in path.glob("*.y*ml") if p.name not in _NOT_RULES)
        raw_rules = [(p, _read_yaml(p, sources), p.stem) for p in rule_files]
        meta_path = path / "pack.yaml"
        if (path / VOCABULARY_FILE).is_file():
            vocabulary_raw = _read_yaml(path / VOCABULARY_FILE, sources)
    else:
        meta_raw = _read_yaml(path, sources)
        if not isinstance(meta_raw, dict):
            raise UsageError(f"{path}: a rule pack file must be a mapping.")
        meta_raw = dict(meta_raw)
        raw_rules = [(path, r, None) for r in (meta_raw.pop("rules", None) or [])]
        meta_path = path
    if not isinstance(meta_raw, dict):
        raise UsageError(f"{meta_path}: pack.yaml must be a mapping of keys.")
    try:
        meta = PackFile.model_validate(meta_raw)
    except ValidationError as exc:
        raise UsageError(f"{meta_path}: {_explain(exc)}.") from None
    if meta.id in seen:
        raise UsageError(f"{meta_path}: rule pack '{meta.id}' extends itself (cycle: {' -> '.join(seen)}).")
    if len(seen) >= MAX_EXTENDS:
        raise UsageError(f"{meta_path}: rule pack '{meta.id}' is more than {MAX_EXTENDS} packs deep in 'extends' "
                         f"(from '{seen[0]}'); flatten the chain.")

    base: RulePack | None = None
    if meta.extends:
        base_path = _resolve(meta.extends, path.parent)
        sources.refs.append((meta.extends, str(path.parent.resolve()), str(base_path.resolve())))
        base = _load_one(base_path, (*seen, meta.id), sources)

    rules: dict[str, Rule] = {r.id: r for r in base.rules} if base else {}
    for rid in meta.remove:
        rules.pop(rid, None)
    changes: dict[str, str] = {}
    for rpath, data, expect in raw_rules:
        if isinstance(data, dict) and data.get("extends_rule"):
            rule = _extend_rule(data, rpath, expect, rules)
            changes[rule.id] = "extended"
        else:
            rule = _validate_rule(data, rpath, expect)
            changes[rule.id] = "replaced" if rule.id in rules else "new"
        rules[rule.id] = rule
    if not rules:
        raise UsageError(f"{meta_path}: rule pack '{meta.id}' has no rules.")

    order = meta.order or (base and [r.id for r in base.rules]) or []
    ranked = {rid: i for i, rid in enumerate(order)}
    ordered = sorted(rules.values(), key=lambda r: (ranked.get(r.id, len(ranked)), r.code, r.id))
    codes = [r.code for r in ordered]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise UsageError(f"{meta_path}: rule codes used twice: {', '.join(dupes)}.")

    vocabulary = dict(base.vocabulary) if base else {}
    if vocabulary_raw is not None:
        vocabulary.update(_validate_vocabulary(vocabulary_raw, path / VOCABULARY_FILE))
    vocabulary.update(meta.vocabulary or {})
    unknown = sorted(set(vocabulary) - set(CATEGORIES))
    if unknown:
        raise UsageError(f"{meta_path}: unknown vocabulary categor{'ies' if len(unknown) > 1 else 'y'} "
                         f"{', '.join(unknown)}; the engine reads {', '.join(CATEGORIES)}.")
    for name, category in vocabulary.items():
        for src in category.patterns:
            check_regex(src, f"{meta_path}: vocabulary.{name}")
    return RulePack(
        id=meta.id,
        title=meta.title,
        version=meta.version,
        rules=ordered,
        acronyms={**(base.acronyms if base else {}), **meta.acronyms},
        vocabulary=vocabulary,
        context=meta.context or (base.context if base else Context()),
        weights=meta.weights or (base.weights if base else Weights()),
        strengths=meta.strengths or (base.strengths if base else StrengthValues()),
        default_horizon_start=meta.default_horizon_start or (base.default_horizon_start if base else None),
        source=str(path),
        guidance=meta.guidance,
        extends=base.id if base else None,
        selects=meta.selects,
        changes=changes,
    )


def _code_digest() -> str:
    """The schema's, this loader's and the regex checks' source: a cached pack was built by this very code."""
    here = Path(__file__).resolve().parent
    code = b"".join((here / name).read_bytes() for name in ("schema.py", "loader.py", "regex_guard.py"))
    return hashlib.sha256(code).hexdigest()


# Packs read from the cache in this process, by cache folder and entry name. A check loads the default pack,
# then every shipped pack to choose one (``select.choose``), then the chosen one again:
# unpickling a pack costs 2-3 ms, checking that its files are unchanged 1 ms.
_LOADED: dict[tuple[str, str], tuple[Sources, RulePack]] = {}


def load_pack(ref: str | None = None) -> RulePack:
    """Load a rule pack by shipped id or path (None: the default pack).

    The validated pack is cached (``jfp.engine.cache``) and reused while every file it was
    read from is byte for byte the same; any problem is reported from the files themselves,
    as a cached pack is only ever a pack that loaded cleanly.
    """
    from jfp.engine import cache

    root = _resolve(ref or DEFAULT_PACK)
    try:
        name = "pack-" + cache.key(str(root.resolve()), _code_digest())
    except OSError:
        name = None
    where = cache.folder()
    memo = (str(where), name) if name and where is not None else None
    if memo is not None:
        # Read from this cache before in this process: still checked against its files, not
        # unpickled again.
        seen = _LOADED.get(memo)
        if seen is not None and seen[0].unchanged():
            return seen[1]
    hit = cache.read(name) if name else None
    if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Sources) and hit[0].unchanged():
        if memo is not None:
            _LOADED[memo] = hit
        return hit[1]
    sources = Sources()
    try:
        pack = _load_one(root, (), sources)
    except RecursionError:  # a structure nested deeper than any check expected
        raise UsageError(f"{root}: rule pack nested too deeply to load.") from None
    if name:
        cache.write(name, (sources, pack))
    return pack
