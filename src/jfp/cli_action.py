"""The GitHub Action's step (action.yml): its inputs in, one ``jfp check`` run, step outputs out.

Run as ``python -m jfp.cli_action`` with the inputs in the environment (never pasted into
a script): ``JFP_PATHS`` (one path, folder or glob per line; spaces inside a line are part
of the path), ``JFP_EXCLUDE`` (one ``--exclude`` pattern per line), ``JFP_ARGS`` (more
``jfp check`` options, split like a shell would, never evaluated), ``JFP_SARIF`` (the SARIF
file) and ``JFP_CATEGORY`` (the code-scanning category; default: one per set of paths, so
two uses of the action in one workflow do not replace each other's alerts).

It always exits 0 after a check and leaves the verdict to the step that applies the gate,
so the SARIF upload in between runs whatever the gate says. A bad input is one
``::error::`` line and exit code 2, never a traceback.
"""
from __future__ import annotations

import hashlib
import os
import re
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def default_category(paths: list[str]) -> str:
    """A stable code-scanning category for a set of paths: readable, and unique per set."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", paths[0] if paths else "plans").strip("-")[:40] or "plans"
    digest = hashlib.sha256("\n".join(paths).encode("utf-8")).hexdigest()[:8]
    return f"jfp/{slug}-{digest}"


def _error(message: str) -> None:
    # GitHub shows a workflow command as an annotation; newlines would end it early.
    print(f"::error title=jfp::{' '.join(message.split())}", flush=True)


def _set_outputs(env: Mapping[str, str], **values: str) -> None:
    target = env.get("GITHUB_OUTPUT")
    lines = "".join(f"{key}={value}\n" for key, value in values.items())
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(lines)
    else:
        sys.stdout.write(lines)


def run(env: Mapping[str, str]) -> int:
    """One use of the action; the exit code of ``jfp check`` goes to the ``exit-code`` output."""
    from jfp.batch.discover import discover
    from jfp.cli import main

    sarif = env.get("JFP_SARIF") or "jfp.sarif"
    paths = _lines(env.get("JFP_PATHS"))
    category = env.get("JFP_CATEGORY") or default_category(paths)
    try:
        extra = shlex.split(env.get("JFP_ARGS") or "")
    except ValueError as exc:
        _error(f"the args input cannot be read ({exc}): quote a value with spaces once, "
               f"e.g. --hwb \"Kestrel Health and Wellbeing Board\".")
        _set_outputs(env, **{"exit-code": "2", "sarif-file": "", "category": category})
        return 2
    if not paths:
        _error("the paths input is empty: give one plan, folder or glob per line.")
        _set_outputs(env, **{"exit-code": "2", "sarif-file": "", "category": category})
        return 2
    plans = discover(paths, patterns=_lines(env.get("JFP_EXCLUDE")))
    missing = [p for p in paths if not any(ch in p for ch in "*?[") and not Path(p).exists()]
    if not plans or missing:
        what = f"{', '.join(missing)} not found" if missing else "no plans match"
        _error(f"{what} (paths: {'; '.join(paths)}); paths are one per line and relative to the workspace.")
        _set_outputs(env, **{"exit-code": "2", "sarif-file": "", "category": category})
        return 2
    print(f"jfp: checking {len(plans)} plan(s): {', '.join(str(p) for p in plans)}", flush=True)
    code = main(["check", *(str(p) for p in plans), "--output", sarif, *extra])
    written = Path(sarif).is_file()
    _set_outputs(env, **{"exit-code": str(code), "sarif-file": sarif if written else "", "category": category})
    return 0


def main() -> int:  # pragma: no cover - the action's entry point
    return run(os.environ)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
