"""``jfp rules``: list, explain, test and document the requirements of a rule pack."""
from __future__ import annotations

import argparse
from pathlib import Path

from jfp.errors import JfpError


class _Exit(Exception):
    """Stop a rules command with an exit code (after its message was said)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _say(text: str, err: bool = False) -> None:
    from jfp.output import say

    say(text, err)


def _load(rules: str | None):
    from jfp.engine.loader import load_pack

    try:
        return load_pack(rules)
    except JfpError as exc:
        _say(f"jfp: {exc}", err=True)
        raise _Exit(exc.exit_code) from None


def list_rules(rules: str | None) -> int:
    """One line per requirement: code, id, kind and title."""
    pack = _load(rules)
    _say(f"{pack.id} {pack.version}: {pack.title}")
    for r in pack.rules:
        _say(f"  {r.code}  {r.id:<24} {r.kind.value:<11} {r.title}")
    return 0


def explain(rule, pack) -> str:
    """The text of ``jfp rules show`` and of each docs/rules/<id>.md page (Markdown)."""
    lines = [f"# {rule.code} {rule.title}", ""]
    lines += [f"- **id:** `{rule.id}`" + (f" (aliases: {', '.join(f'`{a}`' for a in rule.aliases)})" if rule.aliases else ""),
              f"- **kind:** {rule.kind.value}", f"- **law:** {rule.basis}", f"- **rule pack:** {pack.id} {pack.version}", ""]
    lines += [rule.summary.strip(), "", "## What the guidance says the plan must contain", "",
              *_quote(rule.guidance), ""]
    lines += ["## What counts as being about it", ""]
    if rule.about == "anywhere":
        lines += ["A plan-level requirement: every passage in the plan's own voice is read for it, wherever it stands.", ""]
    else:
        lines += ["A passage in the plan's own voice counts when the requirement is what it is about: an element's "
                  "pattern matches its main clause, or its main clause or its section's own heading has one of "
                  "these topic words" + (":" if rule.headings else " (none: only the patterns)."), ""]
        if rule.headings:
            lines += [", ".join(f"\"{h}\"" for h in rule.headings), ""]
    need = round(rule.met.core_fraction * 100)
    lines += ["## Elements", "",
              f"`met` needs evidence of at least statement strength for {need}% of the core elements"
              + (" and at least one concrete commitment" if rule.met.needs_commitment else "") + ".", ""]
    for el in rule.elements:
        extra = []
        if el.each_board:
            extra.append("each board named with --hwb")
        if el.each_trust:
            extra.append("each trust named with --trust")
        if el.commencement:
            extra.append("checked only once its duty is in force (" + (
                "commencement unconfirmed; --as-of all" if el.commencement == "unconfirmed"
                else f"from {el.commencement}") + ")")
        if el.min_sections > 1:
            extra.append(f"in at least {el.min_sections} sections")
        lines.append(f"- **{el.id}** ({'core' if el.core else 'supporting'}): {el.title}"
                     + (f" [{'; '.join(extra)}]" if extra else ""))
        for p in el.patterns:
            lines.append(f"  - {_describe(p)}")
        if el.source:
            lines.append(f"  - source: {el.source}")
    lines += ["", "## Examples", ""]
    for ex in rule.examples:
        mark = "counts" if ex.counts else "does not count"
        note = f" ({ex.note})" if ex.note else ""
        lines.append(f"- {mark}{note}: \"{ex.text}\"")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> list[str]:
    """A Markdown block quote of text that may hold several paragraphs."""
    return [f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()]


def _describe(p) -> str:
    if p.kind in ("phrase", "fuzzy", "heading"):
        head = {"phrase": "any phrase", "fuzzy": f"near-spelling (>= {getattr(p, 'threshold', 0)})", "heading": "section heading"}[p.kind]
        text = f"{head}: " + ", ".join(f"\"{x}\"" for x in p.any)
    elif p.kind == "near":
        text = f"within {p.within} words: " + " + ".join("(" + " | ".join(g) + ")" for g in p.terms)
    elif p.kind == "regex":
        text = f"regex: `{p.pattern}`"
    else:
        text = f"a stated period of {p.years} years from the plan's own year"
        if p.short_by:
            text += f" ({p.years - p.short_by} to {p.years - 1} years: a mention)"
        if p.in_words:
            text += "; without dates, the period in words: " + ", ".join(f"`{w}`" for w in p.in_words)
    if p.in_heading:
        text += "; only under headings with: " + ", ".join(f"\"{x}\"" for x in p.in_heading)
    if p.exclude:
        text += "; not with: " + ", ".join(f"\"{x}\"" for x in p.exclude)
    if p.max_strength:
        text += f"; at most a {p.max_strength}"
    return text


def show(requirement: str, rules: str | None) -> int:
    """Explain one requirement: the law, the guidance, its elements and what counts as evidence."""
    import sys

    pack = _load(rules)
    rule = pack.find(requirement)
    if rule is None:
        _say(f"jfp: no requirement '{requirement}' in rule pack {pack.id}; see `jfp rules list`.", err=True)
        return 2
    text = explain(rule, pack)
    _say(text[:-1] if text.endswith("\n") else text)
    sys.stdout.flush()
    return 0


def test_rules(requirement: str | None, rules: str | None, verbose: bool) -> int:
    """Run every rule's own examples; exit 1 if any fails."""
    from jfp.engine.examples import run_examples

    pack = _load(rules)
    if requirement and pack.find(requirement) is None:
        _say(f"jfp: no requirement '{requirement}' in rule pack {pack.id}.", err=True)
        return 2
    outcomes = run_examples(pack, requirement)
    failed = [o for o in outcomes if not o.passed]
    for o in outcomes:
        if verbose or not o.passed:
            mark = "ok  " if o.passed else "FAIL"
            _say(f"{mark} {o.rule} example {o.index + 1}: {o.detail}: \"{o.example.text[:90]}\"")
    _say(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def vocabulary_page(pack) -> str:
    """docs/rules/vocabulary.md: every vocabulary category, its words and its examples."""
    lines = [f"# Vocabularies: {pack.title}", "",
             "The words that decide whose voice a sentence is in, what it is about and how firm it is "
             f"(rule pack `{pack.id}` {pack.version}, `vocabulary.yaml`). A term is matched as whole words "
             "(a space also matches a hyphen; `word*` is a stem, `*` any one word, `#` a number); a pattern is "
             "a short regular expression. `jfp rules test` runs every example.", ""]
    for name, v in pack.vocabulary.items():
        lines += [f"## {name}", "", " ".join(v.about.split()), ""]
        if v.terms:
            lines += ["Terms: " + ", ".join(f"`{t}`" for t in v.terms), ""]
        if v.patterns:
            lines += ["Patterns:", "", *[f"- `{p}`" for p in v.patterns], ""]
        lines += [f"- finds: \"{t}\"" for t in v.match] + [f"- does not find: \"{t}\"" for t in v.no_match] + [""]
    return "\n".join(lines).rstrip() + "\n"


def rule_docs(pack, changes_only: bool = False) -> dict[str, str]:
    """File name -> Markdown text of every page ``jfp rules docs`` writes: one per rule, the vocabularies and an index.

    ``changes_only`` (a year's pack): pages only for the rules the pack adds, replaces or
    extends; the index still lists every rule, and says which pack each one comes from.
    """
    changed = pack.changes if changes_only else {r.id: "" for r in pack.rules}
    pages = {f"{r.id}.md": explain(r, pack) for r in pack.rules if r.id in changed}
    if pack.vocabulary and not changes_only:
        pages["vocabulary.md"] = vocabulary_page(pack)
    lines = [
        f"# Rules: {pack.title}",
        "",
        f"Rule pack `{pack.id}` version {pack.version}: {len(pack.rules)} requirements.",
        "Generated from the rule files by `jfp rules docs`; edit the YAML rules, not these pages.",
        "",
        "| code | id | kind | title | page |",
        "|---|---|---|---|---|",
    ]
    for r in pack.rules:
        title = r.title.replace("|", "\\|")
        if r.id in changed:
            page = f"[{r.id}.md]({r.id}.md)" + (f" ({changed[r.id]} in this pack)" if changed[r.id] else "")
        else:
            page = _inherited_page(pack, r.id)
        lines.append(f"| {r.code} | `{r.id}` | {r.kind.value} | {title} | {page} |")
    if changes_only and pack.selects:
        lines += ["", f"Picked without `--rules` for plans from {pack.selects.first_year}"
                  + (f" to {pack.selects.last_year}" if pack.selects.last_year else " on")
                  + (", or called: " + ", ".join(f"\"{n}\"" for n in pack.selects.document_names)
                     if pack.selects.document_names else "") + "."]
    if pack.vocabulary and not changes_only:
        lines += ["", "The words the engine judges voice, subject and strength with: [vocabulary.md](vocabulary.md)."]
    pages["index.md"] = "\n".join(lines) + "\n"
    return pages


def _inherited_page(pack, rule_id: str) -> str:
    """A link to the page of the pack a rule is inherited from, unchanged. A year's pages sit in
    docs/rules/<pack id>/ beside the base pack's pages in docs/rules/."""
    from jfp.engine.loader import load_pack

    owner = pack
    while owner.extends is not None and rule_id not in owner.changes:
        owner = load_pack(owner.extends)
    if owner is pack:
        return f"[{rule_id}.md]({rule_id}.md)"
    where = f"../{rule_id}.md" if owner.extends is None else f"../{owner.id}/{rule_id}.md"
    return f"[{owner.id}]({where})"


def _is_rule_page(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
        return "\n- **rule pack:** " in text or text.startswith("# Vocabularies: ")
    except (OSError, UnicodeDecodeError):
        return False


def docs(out: Path, rules: str | None, changes_only: bool = False) -> int:
    """Write one Markdown page per requirement (as `jfp rules show` prints it) and an index.md."""
    pack = _load(rules)
    pages = rule_docs(pack, changes_only)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            (out / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        _say(f"jfp: cannot write rule docs to {out}: {exc.strerror or exc}.", err=True)
        return 2
    # Pages of rules no longer in the pack are not deleted (the folder may hold other files); name them.
    stale = sorted(p.name for p in out.glob("*.md") if p.name not in pages and _is_rule_page(p))
    _say(f"Wrote {len(pages)} pages to {out}")
    for name in stale:
        _say(f"jfp: warning: {out / name} is not a rule of {pack.id}; delete it if it is an old rule page.", err=True)
    return 0


_SUBCOMMANDS = {
    "list": "One line per requirement: code, id, kind and title.",
    "show": "Explain one requirement: the law, the guidance, its elements and what counts as evidence.",
    "test": "Run every rule's own examples; exit 1 if any fails.",
    "docs": "Write one Markdown page per requirement (as `jfp rules show` prints it) and an index.md.",
    "diff": "List what changed between two rule packs: requirements, elements and settings.",
}


def diff_packs(a: str, b: str) -> int:
    """What changed from pack A to pack B, one line each; exit 0."""
    from jfp.engine.packdiff import diff

    old, new = _load(a), _load(b)
    lines = diff(old, new)
    _say(f"{old.id} {old.version} -> {new.id} {new.version}: " + (f"{len(lines)} changes" if lines else "no changes"))
    for line in lines:
        _say(f"  {line}")
    return 0


def rules_parser() -> argparse.ArgumentParser:
    """``jfp rules`` and its sub-commands."""
    from jfp.cli_options import Parser as parser_class

    p = parser_class(prog="jfp rules", usage="%(prog)s [OPTIONS] COMMAND [ARGS]...", description="List, explain, test and document the rule pack's requirements.")
    sub = p.add_subparsers(dest="subcommand", metavar="COMMAND", parser_class=parser_class)
    made = {name: sub.add_parser(name, help=text, description=text) for name, text in _SUBCOMMANDS.items()}
    made["show"].add_argument("requirement", metavar="REQUIREMENT", help="An id, code or alias: research, S13.")
    made["test"].add_argument("requirement", nargs="?", metavar="REQUIREMENT",
                              help="Only this requirement (id, code or alias).")
    made["test"].add_argument("--verbose", "-v", action="store_true", help="List every example, not only failures.")
    made["docs"].add_argument("--out", type=Path, default=Path("docs/rules"), metavar="DIR",
                              help="Folder to write the pages into (default: docs/rules).")
    made["docs"].add_argument("--changes", action="store_true",
                              help="Only the rules the pack adds, replaces or extends (a year's pack), and the index.")
    made["diff"].add_argument("old", metavar="A", help="The pack to compare from (id or path).")
    made["diff"].add_argument("new", metavar="B", help="The pack to compare to (id or path).")
    for name, q in made.items():
        if name != "diff":
            q.add_argument("--rules", help="Rule pack id or path.")
    return p


def rules(ns: argparse.Namespace) -> int:
    """Run one ``jfp rules`` sub-command; without one, its help and exit 2."""
    try:
        if ns.subcommand == "list":
            return list_rules(ns.rules)
        if ns.subcommand == "show":
            return show(ns.requirement, ns.rules)
        if ns.subcommand == "test":
            return test_rules(ns.requirement, ns.rules, ns.verbose)
        if ns.subcommand == "docs":
            return docs(ns.out, ns.rules, ns.changes)
        if ns.subcommand == "diff":
            return diff_packs(ns.old, ns.new)
    except _Exit as stop:
        return stop.code
    rules_parser().print_help()
    return 2
