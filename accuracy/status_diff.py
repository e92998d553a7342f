#!/usr/bin/env python3
"""Every labelled status of one jfp build, and what a change moved: the check each judgement change needs.

    python accuracy/status_diff.py dump OUT.json SET... [--jfp CMD] [--jobs 2]
    python accuracy/status_diff.py compare BEFORE.json AFTER.json

``dump`` runs ``CMD check FILE --format json`` on every labelled document of each SET (a
folder holding ``labels.json``, or ``expected.json`` as ``samples/`` does) and writes
``{"SET/FILE": {"labels": ..., "got": ..., "warnings": ...}}``. ``compare`` prints each
status that differs between two dumps, marked ``+`` when it moved to its label, ``-`` when
it moved away from it and ``~`` when neither, then the counts. A change to the rules or the
engine is kept only when it moves more statuses to their labels than away, across every
set, not only the one it was read from (docs/accuracy.md). A document whose report could not
be read is left out of the comparison and counted.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

STATUSES = ("met", "partial", "missing")


def labelled(folder: str) -> list[tuple[str, str, dict[str, str], object]]:
    """(name, path, labels, expected warning) of every document the folder labels."""
    path = os.path.join(folder, "labels.json")
    if not os.path.exists(path):
        path = os.path.join(folder, "expected.json")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    docs = data.get("documents", data)
    out = []
    for name, entry in docs.items():
        if name.startswith("_"):
            continue
        labels = entry.get("labels") or {k: v for k, v in entry.items() if v in STATUSES}
        out.append((name, os.path.join(folder, name), labels, entry.get("expect_warning")))
    return out


def _check(cmd: list[str], path: str) -> tuple[dict[str, str], list[str]]:
    done = subprocess.run([*cmd, "check", path, "--format", "json"], capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
        got = {r["id"]: r["status"] for r in report["results"]}
        return got, [w["code"] for w in report["document"]["warnings"]]
    except (ValueError, KeyError, TypeError):
        return {}, [f"error: exit {done.returncode}: {done.stderr.strip()[-200:]}"]


def dump(sets: list[str], cmd: list[str], jobs: int) -> dict[str, dict]:
    work = [(f"{os.path.basename(os.path.normpath(s))}/{name}", path, labels, expect)
            for s in sets for name, path, labels, expect in labelled(s)]

    def one(job):
        key, path, labels, expect = job
        got, warnings = _check(cmd, path)
        return key, {"labels": labels, "got": got, "warnings": warnings, "expect": expect}

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return dict(pool.map(one, work))


def compare(before: dict[str, dict], after: dict[str, dict]) -> tuple[list[str], int, int, int]:
    """(lines, statuses moved to their label, moved away, documents left out)."""
    lines, to_label, away, left_out = [], 0, 0, 0
    for doc, now in after.items():
        then = before.get(doc)
        if then is None or not then["got"] or not now["got"]:
            left_out += then is not None
            continue
        for rid, label in now["labels"].items():
            old, new = then["got"].get(rid), now["got"].get(rid)
            if old == new:
                continue
            mark = "+" if new == label else "-" if old == label else "~"
            to_label += mark == "+"
            away += mark == "-"
            lines.append(f"{mark} {doc} {rid}: {old} -> {new} (label {label})")
    return lines, to_label, away, left_out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="every labelled status of one build")
    d.add_argument("out")
    d.add_argument("sets", nargs="+")
    d.add_argument("--jfp", default="jfp", help="the command that runs jfp (default: jfp)")
    d.add_argument("--jobs", type=int, default=2)
    c = sub.add_parser("compare", help="what moved between two dumps")
    c.add_argument("before")
    c.add_argument("after")
    args = ap.parse_args(argv)
    if args.command == "dump":
        result = dump(args.sets, shlex.split(args.jfp), args.jobs)
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=1)
        errors = sum(1 for v in result.values() if not v["got"])
        print(f"{len(result)} documents, {errors} could not be read")
        return 0
    with open(args.before, encoding="utf-8") as fh:
        before = json.load(fh)
    with open(args.after, encoding="utf-8") as fh:
        after = json.load(fh)
    lines, to_label, away, left_out = compare(before, after)
    print("\n".join(lines))
    print(f"to their label {to_label}, away {away}" + (f", {left_out} documents left out (unreadable)" if left_out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
