"""Build the sample Joint Forward Plans in ``samples/`` from their YAML sources.

Usage (from the repository root)::

    python samples/build.py            # DOCX, then PDF through LibreOffice (soffice on PATH)
    python samples/build.py --no-pdf   # DOCX only; the contents page then has no page numbers

``samples/src/harrowfield.yaml`` (metadata) and ``samples/src/harrowfield/*.yaml``
(chapters) hold the strong plan; its "gaps" variant drops every
block tagged with a requirement id in the variant's ``drop`` list and swaps in ``vary``
texts. ``samples/src/thin.yaml`` is the early draft. ``samples/src/labels.yaml`` holds the
intended requirement statuses, written out as ``samples/expected.json`` and into the
README's label table.

Output is deterministic: fixed core-property dates and zip timestamps in the DOCX, and
the dates and ids LibreOffice writes into a PDF are overwritten in place (same length,
so the cross-reference offsets stay valid).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from render import fix_pdf, heading_pages, normalise_zip, pdf_page_texts, render_docx, to_pdf

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
IDS = [
    "integration", "health-services", "wider-effects", "jlhws", "financial-duties", "quality",
    "inequalities", "patient-involvement", "public-involvement", "patient-choice", "advice",
    "innovation", "research", "education-training", "climate-change", "abuse-victims",
    "children-young-people", "consultation-summary", "hwb-opinion", "equality-duty",
    "five-year-horizon", "delivery-focus", "workforce", "performance", "digital-data",
    "estates", "procurement", "population-health", "system-development", "social-economic",
]
CODES = [f"S{i:02d}" for i in range(1, 18)] + [f"P{i:02d}" for i in range(1, 6)] + [f"R{i:02d}" for i in range(1, 9)]


# ----------------------------------------------------------------------------- sources


def load(name: str) -> dict[str, Any]:
    """One YAML source file."""
    return yaml.safe_load((SRC / name).read_text(encoding="utf-8"))


def _keep(item: Any, drop: set[str]) -> bool:
    return not (isinstance(item, dict) and drop.intersection(item.get("tags", [])))


def _text(item: Any, variant: str) -> str:
    if isinstance(item, str):
        return item
    return item.get("vary", {}).get(variant, item.get("text", ""))


def select(blocks: list[dict[str, Any]], variant: str, drop: set[str]) -> list[dict[str, Any]]:
    """The blocks of one variant: tagged blocks dropped (a dropped heading takes its section)."""
    out: list[dict[str, Any]] = []
    skip_below: int | None = None
    for raw in blocks:
        level = next((int(k[1]) for k in ("h1", "h2", "h3") if k in raw), None)
        if skip_below is not None:
            if level is None or level > skip_below:
                continue
            skip_below = None
        if not _keep(raw, drop):
            if level is not None:
                skip_below = level
            continue
        if raw.get("vary", {}).get(variant) == "DROP":
            continue
        block = copy.deepcopy(raw)
        for key in ("h1", "h2", "h3", "p", "note"):
            if key in block and variant in block.get("vary", {}):
                block[key] = block["vary"][variant]
        if "bullets" in block:
            block["bullets"] = [
                _text(b, variant) for b in block["bullets"]
                if _keep(b, drop) and _text(b, variant) != "DROP"
            ]
        if "table" in block:
            t = block["table"]
            t["rows"] = [
                (r["cells"] if isinstance(r, dict) else r) for r in t["rows"] if _keep(r, drop)
            ]
        out.append(block)
    return out


def number_headings(blocks: list[dict[str, Any]]) -> None:
    """Prefix H1 and H2 texts with "3" / "3.2" unless the block says ``number: false``."""
    h1 = h2 = 0
    for b in blocks:
        if "h1" in b and b.get("number", True):
            h1, h2 = h1 + 1, 0
            b["h1"] = f"{h1} {b['h1']}"
        elif "h2" in b and b.get("number", True) and h1:
            h2 += 1
            b["h2"] = f"{h1}.{h2} {b['h2']}"


# ----------------------------------------------------------------------------- outputs


def build_one(name: str, meta: dict[str, Any], blocks: list[dict[str, Any]], pdf: bool, workdir: Path) -> None:
    """Write samples/<name>.docx and, with ``pdf``, samples/<name>.pdf."""
    docx_path = HERE / f"{name}.docx"
    toc: dict[str, int] | None = None
    for _ in range(3 if pdf else 1):
        docx_path.write_bytes(normalise_zip(render_docx(meta, blocks, toc)))
        if not pdf:
            break
        tmp_docx = workdir / docx_path.name
        shutil.copy(docx_path, tmp_docx)
        data = to_pdf(tmp_docx, workdir)
        (workdir / f"{name}.pdf").write_bytes(data)
        new_toc = heading_pages(blocks, pdf_page_texts(workdir / f"{name}.pdf"))
        if new_toc == toc:
            break
        toc = new_toc
    if pdf:
        (HERE / f"{name}.pdf").write_bytes(fix_pdf(data, name))
        pages = len(pdf_page_texts(HERE / f"{name}.pdf")) - 1
        print(f"  {name}.pdf: {pages} pages")
    words = sum(
        len(re.findall(r"\w+", " ".join(str(v) for k, v in b.items() if k in ("h1", "h2", "h3", "p", "note"))))
        + sum(len(re.findall(r"\w+", item)) for item in b.get("bullets", []))
        + sum(len(re.findall(r"\w+", " ".join(map(str, row)))) for row in
              ([b["table"]["header"], *b["table"]["rows"]] if "table" in b else []))
        for b in blocks
    )
    print(f"  {name}.docx: {words} words in the body")


def write_labels() -> dict[str, Any]:
    """Check labels.yaml (all 30 ids, valid statuses) and write expected.json."""
    spec = load("labels.yaml")
    docs: dict[str, Any] = {}
    for file, entry in spec["documents"].items():
        labels = entry["labels"]
        unknown = set(labels) - set(IDS)
        absent = [i for i in IDS if i not in labels]
        bad = {k: v for k, v in labels.items() if v not in ("met", "partial", "missing")}
        if unknown or absent or bad:
            sys.exit(f"labels.yaml {file}: unknown {sorted(unknown)}, absent {absent}, bad {bad}")
        docs[file] = {"labels": {i: labels[i] for i in IDS}, "parity_group": entry.get("parity_group")}
    (HERE / "expected.json").write_text(json.dumps({"documents": docs}, indent=2) + "\n", encoding="utf-8")
    return docs


def write_readme_matrix(docs: dict[str, Any]) -> None:
    """Regenerate the label table between the README's markers."""
    readme = HERE / "README.md"
    if not readme.exists():
        return
    files = list(docs)
    lines = ["| code | id | " + " | ".join(f.replace("harrowfield-", "") for f in files) + " |",
             "|---|---|" + "---|" * len(files)]
    for code, rid in zip(CODES, IDS):
        lines.append(f"| {code} | {rid} | " + " | ".join(docs[f]["labels"][rid] for f in files) + " |")
    counts = []
    for f in files:
        vals = list(docs[f]["labels"].values())
        counts.append(f"{f}: {vals.count('met')}/{vals.count('partial')}/{vals.count('missing')}")
    lines += ["", "Counts (met/partial/missing): " + "; ".join(counts) + "."]
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- labels:start -->\n).*?(<!-- labels:end -->)",
                 lambda m: m.group(1) + "\n".join(lines) + "\n" + m.group(2), text, flags=re.S)
    readme.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build every sample; return the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="write the DOCX files only")
    args = ap.parse_args(argv)
    pdf = not args.no_pdf
    if pdf and shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not on PATH; use --no-pdf to build the DOCX files only.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="jfp-samples-") as tmp:
        workdir = Path(tmp)
        plan = load("harrowfield.yaml")
        # The strong plan's body is split into chapter files, read in file-name order.
        plan["blocks"] = [b for part in sorted((SRC / "harrowfield").glob("*.yaml"))
                          for b in load(f"harrowfield/{part.name}")]
        for variant, spec in plan["variants"].items():
            meta = {**plan["meta"], **spec.get("meta", {})}
            blocks = select(plan["blocks"], variant, set(spec.get("drop", [])))
            number_headings(blocks)
            build_one(spec["file"], meta, blocks, pdf, workdir)
        thin = load("thin.yaml")
        blocks = select(thin["blocks"], "thin", set())
        number_headings(blocks)
        build_one(thin["file"], thin["meta"], blocks, pdf, workdir)
    write_readme_matrix(write_labels())
    return 0


if __name__ == "__main__":
    os.chdir(HERE.parent)
    raise SystemExit(main())
