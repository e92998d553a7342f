#!/usr/bin/env python3
"""Format parity on every DOCX of the labelled sets: the same plan saved as PDF and as Markdown.

usage: python accuracy/parity_check.py WORKDIR DOCX_OR_FOLDER... [--jfp PATH]

Each DOCX is copied into WORKDIR, saved as PDF by LibreOffice (``soffice`` on PATH) and as
Markdown by ``markdown_of`` (headings by style, bold lines, quotes, lists, pipe tables; no
footnotes or text boxes, so a plan that keeps content there differs for that reason), and
``jfp check --format json`` is run on all three. Every requirement whose status differs
between the DOCX and the PDF or the Markdown is printed: a parser difference to read, not a
label question (no labels are used). Session 9 found three parser bugs this way.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def markdown_of(path: Path) -> str:
    """A rough Markdown rendering of a DOCX, as a "save as Markdown" tool would give."""
    import docx  # python-docx, a test extra
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out: list[str] = []
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, document)
            text = p.text.strip()
            if not text:
                continue
            style = (p.style.name if p.style is not None else "") or ""
            level = re.match(r"Heading (\d)", style)
            if style == "Title":
                out.append("# " + text)
            elif level:
                titled = any(line.startswith("# ") for line in out)
                out.append("#" * (int(level.group(1)) + titled) + " " + text)
            elif "List" in style or el.find(f".//{W}numPr") is not None:
                out.append("- " + text)
            elif style in ("Quote", "Intense Quote"):
                out.append("> " + text)
            elif p.runs and all(r.bold or not r.text.strip() for r in p.runs) and len(text) < 120:
                out.append(f"**{text}**")
            else:
                out.append(text)
        elif tag == "tbl":
            rows = [[c.text.replace("\n", " ").replace("|", "/").strip() for c in r.cells] for r in Table(el, document).rows]
            if rows:
                lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
                out.append("\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]]))
    return "\n\n".join(out) + "\n"


def statuses(jfp: str, path: Path) -> dict[str, str]:
    run = subprocess.run([jfp, "check", str(path), "--format", "json"], capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        return {"_error": (run.stderr.strip().splitlines() or ["no report"])[-1]}
    out = {r["id"]: r["status"] for r in report["results"]}
    out["_pack"] = report["rulepack"]["id"]
    return out


def differences(a: dict[str, str], b: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workdir", type=Path)
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--jfp", default=shutil.which("jfp") or "jfp")
    args = ap.parse_args(argv)
    docs = sorted({p for i in args.inputs for p in ([i] if i.is_file() else i.rglob("*.docx"))})
    copies = []
    for n, doc in enumerate(docs, 1):
        folder = args.workdir / str(n)
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / doc.name
        shutil.copyfile(doc, copy)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(copy)],
                       capture_output=True, check=False)
        copy.with_suffix(".md").write_text(markdown_of(copy), encoding="utf-8")
        copies.append((doc, copy))

    def one(item):
        doc, copy = item
        base = statuses(args.jfp, copy)
        return doc, [(fmt, differences(base, statuses(args.jfp, copy.with_suffix(f".{fmt}")))) for fmt in ("pdf", "md")]

    differing = 0
    with ThreadPoolExecutor(2) as pool:
        for doc, found in pool.map(one, copies):
            for fmt, diff in found:
                if diff:
                    differing += 1
                    print(f"{doc} docx/{fmt}: " + "; ".join(f"{k} {a} -> {b}" for k, a, b in diff))
    print(f"{len(copies)} DOCX files, {differing} format pairs differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
