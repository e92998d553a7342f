"""Rule-pack regexes that cannot hang a check: refused at load when shaped or timed for catastrophic backtracking.

Python's ``re`` has no timeout and a check cannot be interrupted inside a search, so a
slow pattern must be caught when the pack loads (``check_regex``), where the sentence can
name the rule file, the rule and the pattern, instead of every plan failing later at the
time limit as if the plan were to blame.
"""
from __future__ import annotations

import re
from typing import Any

from jfp.errors import UsageError

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
    from time import process_time  # CPU time: a busy machine must not make a good pattern look slow

    for unit in _PROBE_UNITS:
        size = 4
        while size <= _PROBE_MAX_SIZE:
            text = unit * size + "!"
            start = process_time()
            rx.search(text)
            took = process_time() - start
            if took > PATTERN_BUDGET_SECONDS:
                return took
            size += 1 if took > PATTERN_BUDGET_SECONDS / 100 else 7
    return None


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
