"""Hostile settings: every fault in a config, a flag or a rule pack is exit 2 with one sentence naming the file.

Never a traceback, never exit 1 (which CI reads as "gate failed"), never a hang: a FIFO
or a device where a config or rule file should be is refused before it is read. Each run
is a forked ``jfp`` (``forkcli``) killed if it outlives ``KILL_AFTER``, so a hang fails
the test instead of stopping the suite.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hostile import forkcli
from hostile.test_rule_packs import PACK, make_pack, rule

KILL_AFTER = 20.0
WELL_UNDER = 8.0
PLAN = "# Kestrel Joint Forward Plan 2025/26\n\nWe will double the number of people taking part in research by 2027.\n"


def _deep_array(depth: int) -> str:
    return "[" * depth + "]" * depth


def _extends_chain(folder: Path, depth: int) -> Path:
    """Single-file packs p0 -> p1 -> ... -> p{depth}; only the last has a rule."""
    folder.mkdir()
    for i in range(depth):
        (folder / f"p{i}.yaml").write_text(f"id: p{i}\ntitle: P\nversion: '1'\nextends: p{i + 1}.yaml\n")
    last = rule().replace("\n", "\n    ").rstrip()
    (folder / f"p{depth}.yaml").write_text(f"id: p{depth}\ntitle: P\nversion: '1'\nrules:\n  - {last}\n")
    return folder / "p0.yaml"


def _cases(tmp: Path) -> dict[str, tuple[list[str], str, list[str]]]:
    """name -> (jfp arguments after the plan, the file the sentence must name, other words it must hold)."""
    cases: dict[str, tuple[list[str], str, list[str]]] = {}

    def config(name: str, text: str) -> Path:
        path = tmp / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    deep = config("deep-arrays", f"outputs = {_deep_array(5000)}\n")
    cases["config-5000-deep-arrays"] = (["--config", deep], str(deep), ["nested too deeply"])
    deep_table = config("deep-tables", "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n")
    cases["config-3000-deep-inline-tables"] = (["--config", deep_table], str(deep_table), [])
    for word in ("inf", "nan", "1e308", "-inf"):
        path = config(f"timeout-{word}", f"[limits]\ntimeout_seconds = {word}\n")
        cases[f"config-timeout-{word}"] = (["--config", path], str(path), ["timeout_seconds"])
        cases[f"flag-timeout-{word}"] = (["--no-config", f"--timeout={word}"], "--timeout", [])
    cases["flag-max-memory-huge"] = (["--no-config", "--max-memory", "10" * 20], "--max-memory", [])
    cases["config-dev-zero"] = (["--config", "/dev/zero"], "/dev/zero", ["not a regular file"])
    cases["config-dev-urandom"] = (["--config", "/dev/urandom"], "/dev/urandom", ["not a regular file"])
    fifo_config = tmp / "fifo.toml"
    os.mkfifo(fifo_config)
    cases["config-fifo"] = (["--config", fifo_config], str(fifo_config), ["not a regular file"])
    linked = tmp / "linked.toml"
    linked.symlink_to("/dev/zero")
    cases["config-link-to-dev-zero"] = (["--config", linked], str(linked), ["not a regular file"])

    zero_pack = make_pack(tmp / "zero-pack", {})
    (zero_pack / "research.yaml").symlink_to("/dev/zero")
    cases["rule-file-link-to-dev-zero"] = (["--no-config", "--rules", zero_pack], "research.yaml", ["not a regular file"])
    fifo_pack = make_pack(tmp / "fifo-pack", {"research.yaml": rule()})
    os.mkfifo(fifo_pack / "innovation.yaml")
    cases["rule-file-fifo"] = (["--no-config", "--rules", fifo_pack], "innovation.yaml", ["not a regular file"])
    fifo_meta = tmp / "fifo-meta"
    fifo_meta.mkdir()
    (fifo_meta / "research.yaml").write_text(rule(), encoding="utf-8")
    os.mkfifo(fifo_meta / "pack.yaml")
    cases["pack-yaml-fifo"] = (["--no-config", "--rules", fifo_meta], "pack.yaml", ["not a regular file"])
    chain = _extends_chain(tmp / "chain", 1500)
    cases["extends-1500-deep"] = (["--no-config", "--rules", chain], "p32.yaml", ["extends", "deep"])
    deep_yaml = make_pack(tmp / "deep-yaml", {"research.yaml": rule() + "notes: " + "[" * 20000 + "]" * 20000 + "\n"})
    cases["rule-file-20000-deep-yaml"] = (["--no-config", "--rules", deep_yaml], "research.yaml", [])
    for name, pattern in {"slow-bounded-rounds": "(?:[a-z]+ ?){1,40}zzz", "slow-nested-plus": "(a+)+",
                          "slow-optional-separator": "(?:\\w+\\s?){2,30}x"}.items():
        pack = make_pack(tmp / name, {"research.yaml": rule(pattern="{kind: regex, pattern: '%s'}" % pattern)})
        cases[f"pattern-{name}"] = (["--no-config", "--rules", pack], "research.yaml", ["rule 'research'"])
    return cases


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[forkcli.Run, str, list[str]]]:
    tmp = tmp_path_factory.mktemp("settings")
    plan = tmp / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    cases = _cases(tmp)
    forkcli.warm_up()
    jobs = [["check", str(plan), "--format", "json", *map(str, args)] for args, _, _ in cases.values()]
    results = forkcli.run_many(jobs, tmp, kill_after=KILL_AFTER)
    return {name: (run, needle, words) for (name, (_, needle, words)), run in zip(cases.items(), results)}


CASE_NAMES = [
    "config-5000-deep-arrays", "config-3000-deep-inline-tables",
    *[f"{where}-timeout-{w}" for w in ("inf", "nan", "1e308", "-inf") for where in ("config", "flag")],
    "flag-max-memory-huge", "config-dev-zero", "config-dev-urandom", "config-fifo", "config-link-to-dev-zero",
    "rule-file-link-to-dev-zero", "rule-file-fifo", "pack-yaml-fifo", "extends-1500-deep",
    "rule-file-20000-deep-yaml",
    "pattern-slow-bounded-rounds", "pattern-slow-nested-plus", "pattern-slow-optional-separator",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_settings_fault_is_exit_2_in_one_sentence_naming_the_file(runs, name: str) -> None:
    run, needle, words = runs[name]
    where = f"{name}: rc={run.returncode} {run.seconds:.1f}s stderr={run.stderr[-600:]!r}"
    assert "Traceback" not in run.stderr, where
    assert run.seconds < WELL_UNDER, where
    assert run.returncode == 2, where
    assert run.stdout == "", where
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    sentence = lines[-1]
    assert needle in sentence and all(w in sentence for w in words), where
    if not name.startswith("flag-"):  # argparse adds its usage line before its sentence; jfp's own errors are one line
        assert len(lines) == 1 and sentence.startswith("jfp: "), where


def test_every_case_is_run() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        assert sorted(_cases(Path(tmp))) == sorted(CASE_NAMES)


def test_a_slow_pattern_is_blamed_on_its_rule_at_load_not_on_the_plan(tmp_path: Path) -> None:
    """The shape check and the time budget each catch it; the sentence names the rule and the pack file."""
    from jfp.engine import loader, regex_guard
    from jfp.errors import UsageError

    pack = make_pack(tmp_path / "p", {"research.yaml": rule(pattern="{kind: regex, pattern: '(?:[a-z]+ ?){1,40}zzz'}")})
    with pytest.raises(UsageError, match=r"research\.yaml: rule 'research'.*nests quantifiers"):
        loader.load_pack(str(pack))
    import re

    assert regex_guard._within_budget(re.compile("(?:[a-z]+ ?){1,40}zzz", re.I)) is not None
    assert regex_guard._within_budget(re.compile(r"(?:[\w-]+ ){0,4}(?:plan|strategy)\b", re.I)) is None


@pytest.mark.parametrize("pattern", [r"(?:[\w&-]+ ){1,6}(?:icb|integrated care board)\b", r"(?:\w+\s+){0,3}x",
                                     r"(?:a+b+){1,40}", r"(x{1,9}){1,9}y", r"\b\d[\d ]*(?:per cent|percent)\b"])
def test_repeats_whose_rounds_are_fixed_by_a_separator_are_accepted(pattern: str) -> None:
    from jfp.engine import loader

    assert loader.check_regex(pattern, "x").pattern == pattern


@pytest.mark.parametrize("pattern", [r"(?:[a-z]+ ?){1,40}zzz", r"(?:\s+){1,40}x", r"(?:\w+\s?){2,30}x",
                                     r"(?:(?:ab)+c?){2,9}d"])
def test_bounded_rounds_around_an_unbounded_repeat_are_refused(pattern: str) -> None:
    from jfp.engine import loader
    from jfp.errors import UsageError

    with pytest.raises(UsageError, match="nests quantifiers|too slow"):
        loader.check_regex(pattern, "pack.yaml: rule 'x'")


def test_a_pattern_too_slow_on_a_plan_is_blamed_on_its_rule_not_the_plan(tmp_path: Path) -> None:
    """A polynomial pattern passes the load checks (no nesting, fast on short texts) but not a long paragraph.

    Before, the plan got exit 3 "took longer than the time limit ... raise --timeout"; now
    the search is stopped after its CPU budget and the sentence names the pack, the rule and
    the pattern, exit 2, long before the time limit.
    """
    slow = "x*x*x*x*x*x*x*y"
    pack = make_pack(tmp_path / "pack", {"research.yaml": rule(pattern="{kind: regex, pattern: '%s'}" % slow)})
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN + "\n" + "x" * 3000 + "\n", encoding="utf-8")
    forkcli.warm_up()
    (run,) = forkcli.run_many([["check", str(plan), "--no-config", "--rules", str(pack), "--timeout", "60"]], tmp_path,
                              kill_after=90)
    where = f"rc={run.returncode} {run.seconds:.1f}s stderr={run.stderr!r}"
    assert run.returncode == 2, where
    assert run.seconds < 30, where
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and "rule 'research'" in lines[0] and slow in lines[0] and str(pack) in lines[0], where
    assert str(plan) not in lines[0], where


def test_a_long_plan_of_short_searches_is_not_blamed_on_a_rule() -> None:
    """Many searches, each quick, in one loop: the sampler sees different passages, so it never fires."""
    import re

    from jfp.runner.pattern_watch import watched

    rx = re.compile(r"\bresearch\b")
    texts = [f"paragraph {i} about research and more words" for i in range(200_000)]
    start = time.process_time()
    with watched(budget=0.5):
        while time.process_time() - start < 1.5:
            hits = [t for t in texts if rx.search(t)]
    assert len(hits) == len(texts)
