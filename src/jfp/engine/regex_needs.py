"""What text a regular expression cannot match without: a cheap test before the search.

Most sentences hold none of a vocabulary's patterns, and a regular-expression search reads
every character to say so. ``needs(pattern)`` reads the pattern's structure once and returns
strings of which any match must contain at least one (``None`` when it cannot tell), so
``any(s in text for s in needs)`` rules most sentences out with a few substring tests,
which Python runs in C at memory speed.

The test is conservative: a construct it does not understand contributes nothing, so the
answer is never wrong, only sometimes less useful. It relies on the standard library's
pattern parser (``re._parser``, ``sre_parse`` before Python 3.11); if that is missing or
changes shape, every pattern gets ``None`` and is searched as before.
"""
from __future__ import annotations

try:  # Python 3.11 and later
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# A requirement is a tuple of alternatives; at most this many, or it is not worth testing.
_MAX_ALTERNATIVES = 40
# ``requirements``: at most this many, each with no alternative shorter than _MIN_USEFUL
# characters.
_MAX_REQUIREMENTS = 3
_MIN_USEFUL = 3


def needs(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, or None."""
    return _needs_of(_parsed(pattern))


def requirements(pattern: str) -> list[tuple[str, ...]]:
    """Every requirement of ``pattern`` it can tell, most selective first: each a tuple of
    strings one of which every match contains, so a text must hold one of each ([] when it
    cannot tell any). A stronger test than ``needs`` (one requirement) for a pattern searched
    alone: "\\bwill (?:\\w+ )?(?:launch|open)" needs "will " and one of "launch", "open"."""
    return _requirements_of(_parsed(pattern))


def analyse(pattern: str) -> tuple[tuple[str, ...] | None, list[tuple[str, ...]], int | None]:
    """``needs``, ``requirements`` and the number of capturing groups of ``pattern`` from ONE
    parse (None groups: the parser failed, compile to know). The vocabularies' patterns are
    parsed here once, where each answer alone would parse them again: parsing is most of what
    compiling a pattern costs, and a check compiles the vocabularies afresh."""
    parsed = _parsed(pattern)
    groups = None
    if parsed is not None:
        try:
            groups = parsed.state.groups - 1  # the parser counts the whole match as group 0
        except Exception:  # noqa: BLE001 - a parser of another shape: compile to know
            groups = None
    return _needs_of(parsed), _requirements_of(parsed), groups


def _parsed(pattern: str):
    try:
        return _p.parse(pattern)
    except Exception:  # noqa: BLE001 - any surprise means "cannot tell", never a wrong answer
        return None


def _needs_of(parsed) -> tuple[str, ...] | None:
    if parsed is None:
        return None
    try:
        if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE):
            return None
        return _sequence(list(parsed))
    except Exception:  # noqa: BLE001 - any surprise means "cannot tell", never a wrong answer
        return None


def _requirements_of(parsed) -> list[tuple[str, ...]]:
    if parsed is None:
        return []
    try:
        if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE):
            return []
        found = _every(list(parsed))
    except Exception:  # noqa: BLE001 - any surprise means "cannot tell", never a wrong answer
        return []
    # The few most selective are worth testing; one of a letter or two ("s", " ") always holds.
    useful = [r for r in dict.fromkeys(found) if min(_weight(a) for a in r) >= _MIN_USEFUL]
    return sorted(useful, key=_selectivity, reverse=True)[:_MAX_REQUIREMENTS]


def _every(items: list) -> list[tuple[str, ...]]:
    """The requirements of each item of a sequence: every item must match, so all of them hold."""
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(("".join(run),))
            run = []
        if op is _c.SUBPATTERN and not av[1] & _c.SRE_FLAG_IGNORECASE:
            out += _every(list(av[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            out += _every(list(av[2]))
        else:
            one = _item(op, av)
            if one is not None:
                out.append(one)
    if run:
        out.append(("".join(run),))
    return out


def needs_any(patterns: list[str]) -> tuple[str, ...] | None:
    """For an alternation of ``patterns``: the union of their needs (None if any has none)."""
    return union_of_needs(needs(p) for p in patterns)


def union_of_needs(each) -> tuple[str, ...] | None:
    """The needs of an alternation from its patterns' own (``needs`` of each, in order): what
    ``needs_any`` returns, for a caller that has parsed each pattern already."""
    out: list[str] = []
    for one in each:
        if one is None:
            return None
        out += one
    unique = tuple(dict.fromkeys(out))
    return unique if len(unique) <= _MAX_ALTERNATIVES * 2 else None


def _weight(alternative: str) -> int:
    """How rarely prose holds one string: its length, punctuation counting as four more."""
    return len(alternative) + (4 if any(not (ch.isalnum() or ch.isspace()) for ch in alternative) else 0)


def _selectivity(requirement: tuple[str, ...]) -> tuple[int, int]:
    """How rarely prose holds a requirement: by its weakest alternative, where punctuation
    ("[", "|", ":") counts as rarer than letters; fewer alternatives break ties."""
    return min(_weight(a.strip()) for a in requirement), -len(requirement)


def _better(a: tuple[str, ...] | None, b: tuple[str, ...] | None, fold: bool = False) -> tuple[str, ...] | None:
    """The more selective of two requirements (as ``_folded`` leaves them, with ``fold``)."""
    if fold:
        a, b = _folded(a), _folded(b)
    if a is None:
        return b
    if b is None:
        return a
    return a if _selectivity(a) >= _selectivity(b) else b


def _sequence(items: list, fold: bool = False) -> tuple[str, ...] | None:
    """The best requirement of a sequence: every item of it must match, so any one will do."""
    best: tuple[str, ...] | None = None
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, ("".join(run),), fold)
            run = []
        best = _better(best, _item(op, av, fold), fold)
    if run:
        best = _better(best, ("".join(run),), fold)
    return best


def _item(op, av, fold: bool = False) -> tuple[str, ...] | None:
    if op is _c.SUBPATTERN:
        if av[1] & _c.SRE_FLAG_IGNORECASE:  # "(?i:...)": its literals are any case
            return None
        return _sequence(list(av[-1]), fold)
    if op is _c.BRANCH:
        alternatives: list[str] = []
        for branch in av[1]:
            one = _sequence(list(branch), fold)
            if one is None:
                return None
            alternatives += one
        return tuple(dict.fromkeys(alternatives)) if len(alternatives) <= _MAX_ALTERNATIVES else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]), fold)
    if op is _c.IN:
        return _char_set(av)
    return None  # anchors, lookarounds, wildcards, optional parts: nothing required


def _char_set(av) -> tuple[str, ...] | None:
    """A character class of literals only: one of its characters."""
    chars: list[str] = []
    for op, value in av:
        if op is _c.LITERAL:
            chars.append(chr(value))
        else:  # a range or a category (\d is any Unicode digit): cannot list them
            return None
    return tuple(dict.fromkeys(chars)) or None


def same_without_ignorecase(pattern: str) -> bool:
    """Whether ``pattern`` matches lower-case ASCII text ignoring case exactly as it does
    without: true when every literal and range of it is ASCII and holds no upper-case letter.

    Ignoring case, a literal matches its other case too ("a" matches "A") and a few
    non-ASCII characters match ASCII ones (the Kelvin sign matches "k", the long s matches
    "s"); a text with no upper-case letter and nothing outside ASCII (a normalised passage
    of most plans) meets neither, and Python matches a case-sensitive pattern led by an
    alternation of words about four times faster. False whenever the parser cannot tell.
    """
    try:
        return _case_free(_p.parse(pattern, _c.SRE_FLAG_IGNORECASE))
    except Exception:  # noqa: BLE001 - any surprise means "cannot tell": keep ignoring case
        return False


def _case_free(node) -> bool:
    if isinstance(node, _p.SubPattern):
        return all(_case_free(item) for item in node)
    if isinstance(node, (list, tuple)):
        if len(node) == 2 and (node[0] is _c.LITERAL or node[0] is _c.NOT_LITERAL):
            return _plain_char(node[1])
        if len(node) == 2 and node[0] is _c.RANGE:
            lo, hi = node[1]
            return hi < 0x80 and (hi < ord("A") or lo > ord("Z"))
        return all(_case_free(x) for x in node)
    return True  # an opcode, a flag, a number of repeats or groups, a category (\d, \w)


def _plain_char(code: int) -> bool:
    return code < 0x80 and not ord("A") <= code <= ord("Z")


# ASCII letters that, ignoring case, also match a character outside ASCII (the dotless i and
# the capital I with a dot, the long s, the Kelvin sign): a lower-cased text may not show them.
_FOLD_OUTSIDE_ASCII = frozenset("iskISK")


def needs_ignoring_case(pattern: str) -> tuple[str, ...] | None:
    """For ``pattern`` searched ignoring case: lower-case strings one of which the lower-cased
    text of any match contains (None when it cannot tell). Each is the longest run of a
    required string that holds only ASCII characters matching nothing but their own two
    cases, the requirements chosen by what is left of them ("five" leaves "ve", "year" all)."""
    try:
        parsed = _p.parse(pattern)
        if parsed.state.flags & _c.SRE_FLAG_VERBOSE:
            return None
        return _folded(_sequence(list(parsed), fold=True))
    except Exception:  # noqa: BLE001 - any surprise means "cannot tell", never a wrong answer
        return None


def _folded(requirement: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if requirement is None:
        return None
    out: list[str] = []
    for alternative in requirement:
        runs, run = [], ""
        for ch in alternative:
            if ch in _FOLD_OUTSIDE_ASCII or not ch.isascii():
                runs.append(run)
                run = ""
            else:
                run += ch
        best = max([*runs, run], key=len)
        if not best:
            return None
        out.append(best.lower())
    return tuple(dict.fromkeys(out))
