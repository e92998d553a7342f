"""Time PDF (and DOCX) parsing against ``pdftotext`` on a generated ~120-page plan.

    python benchmarks/parse_bench.py [--chapters 36] [--repeat 5]

In one run, on the same file: ``pdftotext`` (the yardstick), ``jfp outline`` as a
subprocess (what a user waits for, Python start-up included) and ``jfp.parsers.parse``
in-process; then the DOCX of the same plan if the DOCX parser is installed. Each
timing is the best of ``--repeat`` runs, interleaved so machine load hits all alike.
Prints a Markdown table: seconds, seconds per 100 pages, ratio to pdftotext, peak RSS.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_plan import DEFAULT_OUT, build  # noqa: E402


def _run(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB and exit status of one subprocess.

    The RSS comes from GNU time where there is one: a child forked from this Python
    process would otherwise report this process's size as its own peak.
    """
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [gnu_time, "-f", "%M", "-o", rss.name, *cmd] if gnu_time else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        text = rss.read().strip().splitlines()
        peak_kb = int(text[-1]) if gnu_time and text and text[-1].isdigit() else usage.ru_maxrss
    return elapsed, peak_kb // 1024, os.waitstatus_to_exitcode(status)


def _jfp_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("jfp")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "jfp.cli"]


def _inprocess(path: Path) -> float:
    from jfp.parsers import parse

    start = time.perf_counter()
    parse(path)
    return time.perf_counter() - start


def _docx_available() -> bool:
    try:
        import jfp.parsers.docx  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapters", type=int, default=36)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    if not shutil.which("pdftotext"):
        print("pdftotext (poppler-utils) is needed as the yardstick.", file=sys.stderr)
        return 2
    docx, pdf = build(args.out, args.chapters)
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    pages = len(doc)
    doc.close()

    cases: dict[str, list[str] | None] = {
        "pdftotext (poppler)": ["pdftotext", str(pdf), os.devnull],
        "jfp outline PDF (CLI)": [*_jfp_cmd(), "outline", str(pdf)],
        "parse PDF in-process": None,
        # The fixed cost inside the CLI row: interpreter, typer, pydantic, pdfium.
        "start-up only (imports)": [sys.executable, "-c", "import jfp.cli, jfp.outline, jfp.parsers.pdf"],
    }
    has_docx = _docx_available()
    if has_docx:
        cases["jfp outline DOCX (CLI)"] = [*_jfp_cmd(), "outline", str(docx)]
        cases["parse DOCX in-process"] = None
    best: dict[str, float] = {k: float("inf") for k in cases}
    rss: dict[str, int] = {k: 0 for k in cases}
    _inprocess(pdf)  # warm imports and the page cache
    for _ in range(args.repeat):
        for name, cmd in cases.items():
            if cmd is None:
                target = docx if "DOCX" in name else pdf
                best[name] = min(best[name], _inprocess(target))
                continue
            elapsed, peak, code = _run(cmd)
            if code != 0:
                print(f"{name} failed with exit {code}", file=sys.stderr)
                return 1
            best[name] = min(best[name], elapsed)
            rss[name] = max(rss[name], peak)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    base = best["pdftotext (poppler)"]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"File: {pdf.name} ({pages} pages, {pdf.stat().st_size // 1024} KB); best of {args.repeat} runs\n")
    print("| What | Seconds | s / 100 pages | x pdftotext | Peak RSS |")
    print("|---|---:|---:|---:|---:|")
    for name in cases:
        secs = best[name]
        mem = f"{rss[name]} MB" if cases[name] else f"{self_rss} MB (bench process)"
        print(f"| {name} | {secs:.3f} | {secs * 100 / pages:.3f} | {secs / base:.1f} | {mem} |")
    if not has_docx:
        print("\nDOCX parser not installed (jfp.parsers.docx missing): PDF only.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
