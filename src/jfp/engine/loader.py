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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jfp.engine.schema import Context, PackFile, Rule, StrengthValues, Vocabulary, Weights
from jfp.engine.voice import CATEGORIES
from jfp.errors import UsageError

DEFAULT_PACK = "jfp-2024-25"


try:  # Python's own regex parser: 3.11+ keeps it in re._parser, 3.10 in sre_parse
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Catastrophic backtracking in Python's re (which has no timeout) comes from one shape: a
# repeat inside a repeat that can split the same text in many ways. Refused at load:
# - an unboundedly repeated group that itself repeats something, e.g. (a+)+ or (\w*\s?)*,
#   at any depth: ((ab)*)+ as well as (a+)+;
# - a repeated group (bounded, e.g. {1,40}) around an unbounded repeat, unless the group
#   has a required character the unbounded repeats cannot match, which fixes where each
#   round ends: (?:[\w-]+ ){0,4} is linear, (?:[a-z]+ ?){1,40} is exponential.
# Then every pattern gets a time budget on test texts built to trigger backtracking
# (``_within_budget``), which catches what the shape check cannot see.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,\})")
_REPEATS = (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT)
# Characters a pattern item is tested against to tell whether two items overlap.
_ALPHABET = [chr(c) for c in range(0x250)] + ["\u2019", "\u2013", "\u00a0", "\u3000"]
PATTERN_BUDGET_SECONDS = 0.05  # one search of one test text, at load; ordinary patterns take microseconds
_PROBE_UNITS = ("a", "a ", "ab", "1", "a1", " ", "-", "a-", "aa ")
_PROBE_MAX_SIZE = 32


def _nested_repeat(items: Any, inside_unbounded: bool = False) -> bool:
    """Whether a parsed pattern repeats (more than once) something inside an unbounded repeat."""
    for op, av in items:
        if op in _REPEATS:
            _, hi, sub = av
            if inside_unbounded and hi > 1:
                return True
            if _nested_repeat(sub, inside_unbounded or hi == _sre_parse.MAXREPEAT):
                return True
            continue
        for child in _subpatterns(av):
            if _nested_repeat(child, inside_unbounded):
                return True
    return False


def _subpatterns(av: Any):
    if isinstance(av, _sre_parse.SubPattern):
        yield av
    elif isinstance(av, (list, tuple)):
        for x in av:
            yield from _subpatterns(x)


_CATEGORY = {
    "CATEGORY_DIGIT": str.isdecimal, "CATEGORY_SPACE": str.isspace,
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
}


def _char_test(op: Any, av: Any):
    """A test of one character for a single-character item (literal, class, any), or None for other items."""
    name = str(op)
    if name == "LITERAL":
        return lambda ch, c=chr(av): ch.lower() == c.lower()
    if name == "NOT_LITERAL":
        return lambda ch, c=chr(av): ch.lower() != c.lower()
    if name == "ANY":
        return lambda ch: ch != "\n"
    if name == "IN":
        negate = any(str(o) == "NEGATE" for o, _ in av)
        tests = [t for t in (_set_member(o, a) for o, a in av if str(o) != "NEGATE") if t is not None]
        # IGNORECASE: either case of a character counts ("ß".swapcase() is two characters: skipped)
        return lambda ch: any(t(ch) or (len(o := ch.swapcase()) == 1 and t(o)) for t in tests) != negate
    return None


def _set_member(op: Any, av: Any):
    name = str(op)
    if name == "LITERAL":
        return lambda ch, c=chr(av): ch == c
    if name == "RANGE":
        return lambda ch, lo=av[0], hi=av[1]: lo <= ord(ch) <= hi
    if name == "CATEGORY":
        category = str(av)
        base = _CATEGORY.get(category.replace("NOT_", ""))
        if base is None:
            return lambda ch: True  # unknown: assume it overlaps everything
        return (lambda ch: not base(ch)) if "NOT_" in category else base
    return lambda ch: True


def _chars(test) -> frozenset[str]:
    return frozenset(ch for ch in _ALPHABET if test(ch))


def _unbounded_sets(items: Any) -> list[frozenset[str]] | None:
    """The character sets of the unbounded repeats in ``items`` (any depth); None if one repeats more than a character."""
    found: list[frozenset[str]] = []
    for op, av in items:
        if op in _REPEATS:
            _, hi, sub = av
            if hi == _sre_parse.MAXREPEAT:
                if len(sub) == 1 and (test := _char_test(*sub[0])) is not None:
                    found.append(_chars(test))
                else:
                    return None
            inner = _unbounded_sets(sub)
            if inner is None:
                return None
            found += inner
            continue
        for child in _subpatterns(av):
            inner = _unbounded_sets(child)
            if inner is None:
                return None
            found += inner
    return found


def _required_chars(items: Any) -> list[tuple[frozenset[str], bool]]:
    """The single-character items a sequence always matches: (character set, whether it is itself an unbounded repeat)."""
    out = []
    for op, av in items:
        test = _char_test(op, av)
        if test is not None:
            out.append((_chars(test), False))
        elif op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and (test := _char_test(*av[2][0])) is not None:
            out.append((_chars(test), av[1] == _sre_parse.MAXREPEAT))
        elif str(op) == "SUBPATTERN":
            out += _required_chars(av[-1])
    return out


def _separated(required: list[tuple[frozenset[str], bool]], unbounded: list[frozenset[str]]) -> bool:
    """Whether a required character, which no other unbounded repeat can match, marks where each round ends.

    ``[\\w-]+ `` has the space; ``\\w+\\s+`` has ``\\s+`` (disjoint from ``\\w+``); ``[a-z]+ ?`` and
    ``\\s+`` alone have nothing that fixes a round's end.
    """
    for chars, repeats in required:
        others = list(unbounded)
        if repeats:
            others.remove(chars)
            if not others:
                continue
        if all(not (chars & u) for u in others):
            return True
    return False


def _ambiguous_rounds(items: Any) -> bool:
    """Whether a repeated group (more than once) around an unbounded repeat can split text in many ways."""
    for op, av in items:
        if op in _REPEATS:
            _, hi, sub = av
            if hi > 1:
                unbounded = _unbounded_sets(sub)
                if unbounded is None or (unbounded and not _separated(_required_chars(sub), unbounded)):
                    return True
            if _ambiguous_rounds(sub):
                return True
            continue
        for child in _subpatterns(av):
            if _ambiguous_rounds(child):
                return True
    return False


def nests_quantifiers(source: str) -> bool:
    """Whether ``source`` has a catastrophic-backtracking shape (see the comment above)."""
    if _NESTED_QUANTIFIER.search(source):
        return True
    try:
        parsed = _sre_parse.parse(source, re.IGNORECASE)
        return _nested_repeat(parsed) or _ambiguous_rounds(parsed)
    except (re.error, RecursionError, OverflowError):
        return False  # compiling reports it


def _within_budget(rx: re.Pattern[str]) -> float | None:
    """None when every test text is searched within the budget, else the seconds the slow one took.

    Each test text grows from a few characters, by one unit at a time once a search takes
    noticeable time, so an exponential pattern is caught on a short text (about a tenth
    of a second at worst) and the whole check of an ordinary pattern takes well under a
    millisecond.
    """
    from time import perf_counter

    for unit in _PROBE_UNITS:
        size = 4
        while size <= _PROBE_MAX_SIZE:
            text = unit * size + "!"
            start = perf_counter()
            rx.search(text)
            took = perf_counter() - start
            if took > PATTERN_BUDGET_SECONDS:
                return took
            size += 1 if took > PATTERN_BUDGET_SECONDS / 100 else 7
    return None


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


def check_regex(source: str, where: str) -> re.Pattern[str]:
    """Compile a rule regex, refusing invalid ones, nested quantifiers and any too slow on the test texts."""
    if nests_quantifiers(source):
        raise UsageError(f"{where}: regex '{source}' nests quantifiers (catastrophic backtracking risk); rewrite it.")
    try:
        rx = re.compile(source, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as exc:
        raise UsageError(f"{where}: invalid regex '{source}' ({exc}).") from None
    took = _within_budget(rx)
    if took is not None:
        raise UsageError(f"{where}: regex '{source}' is too slow: one search of a short test text took {took:.2f} s "
                         f"(budget {PATTERN_BUDGET_SECONDS:g} s; catastrophic backtracking); rewrite it.")
    return rx


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
    for rpath, data, expect in raw_rules:
        rule = _validate_rule(data, rpath, expect)
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
    )


def _code_digest() -> str:
    """The schema's and this loader's source: a cached pack was built by this very code."""
    here = Path(__file__).resolve().parent
    return hashlib.sha256((here / "schema.py").read_bytes() + (here / "loader.py").read_bytes()).hexdigest()


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
    hit = cache.read(name) if name else None
    if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Sources) and hit[0].unchanged():
        return hit[1]
    sources = Sources()
    try:
        pack = _load_one(root, (), sources)
    except RecursionError:  # a structure nested deeper than any check expected
        raise UsageError(f"{root}: rule pack nested too deeply to load.") from None
    if name:
        cache.write(name, (sources, pack))
    return pack
