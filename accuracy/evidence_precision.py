#!/usr/bin/env python3
"""Evidence precision on the development corpus: do the quotes jfp cites carry the requirement?

``../shared/corpus/src`` tags each paragraph, bullet and table row of the Kestrel Coast plans
with the requirement ids it evidences. For every requirement jfp reports met or partial, each
quoted evidence passage is looked up in those sources (by its text) and counts as precise when
its paragraph carries the requirement's id. A quote that cannot be found in the sources (a
heading, the title) counts as imprecise.

usage: python accuracy/evidence_precision.py [CORPUS_DIR] [--cmd TEMPLATE] [-v]

Reads the corpus at run time; copies none of its text. Needs PyYAML.
"""
from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"

# Which source each built document comes from: (source loader, variant, drop list key).
_DOCS = {
    "kestrel-full.docx": ("plan", "full"),
    "kestrel-full.pdf": ("plan", "full"),
    "kestrel-gaps.docx": ("plan", "gaps"),
    "kestrel-thin.pdf": ("thin", "thin"),
    "kestrel-restated.docx": ("restated", "restated"),
    "kestrel-notes.md": ("notes", "notes"),
}


def _norm(text: str) -> str:
    text = re.sub(r"\*\*|\*|`", "", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[\u2010-\u2015-]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _text(item, key: str, variant: str) -> str:
    if isinstance(item, str):
        return item
    vary = item.get("vary") or {}
    return vary.get(variant, item.get(key, ""))


def _included(item, variant: str, drop: list[str]) -> bool:
    if not isinstance(item, dict):
        return True
    if "only" in item and variant not in item["only"]:
        return False
    if "except" in item and variant in item["except"]:
        return False
    return not (drop and not item.get("names_only") and set(item.get("tags", [])) & set(drop))


def tagged_texts(blocks: list, variant: str, drop: list[str]) -> list[tuple[str, set[str]]]:
    """(normalised text, ids) for every paragraph, bullet, table row and box of a variant."""
    out: list[tuple[str, set[str]]] = []
    for b in blocks:
        if not isinstance(b, dict) or not _included(b, variant, drop):
            continue
        tags = set(b.get("tags", []))
        for key in ("p", "h1", "h2", "h3"):
            if key in b:
                out.append((_norm(_text(b, key, variant)), tags if key == "p" else set()))
        if "bullets" in b:
            for i in b["bullets"]:
                if _included(i, variant, drop):
                    out.append((_norm(_text(i, "text", variant)), tags | set(i.get("tags", []) if isinstance(i, dict) else [])))
        if "table" in b:
            t = b["table"]
            for r in t.get("rows", []):
                if _included(r, variant, drop):
                    cells = r["cells"] if isinstance(r, dict) else r
                    rtags = tags | set(r.get("tags", []) if isinstance(r, dict) else [])
                    out.append((_norm(" | ".join(map(str, cells))), rtags))
                    out.extend((_norm(str(c)), rtags) for c in cells)
        if "box" in b:
            out.append((_norm(b["box"].get("text", "")), tags))
        if "quote" in b:
            out.append((_norm(b["quote"].get("text", "")), tags))
        if "signoff" in b:
            out.extend((_norm(s), tags) for s in b["signoff"])
    return out


def sources(corpus: Path) -> dict[str, list[tuple[str, set[str]]]]:
    src = corpus / "src"
    load = lambda p: yaml.safe_load(p.read_text(encoding="utf-8"))  # noqa: E731
    meta = load(src / "plan" / "00-meta.yaml")
    plan = [b for p in sorted((src / "plan").glob("*.yaml")) if p.name != "00-meta.yaml" for b in load(p)]
    out = {}
    for name, (source, variant) in _DOCS.items():
        if source == "plan":
            drop = meta["variants"][variant].get("drop", [])
            out[name] = tagged_texts(plan, variant, drop) + _title_lines(meta)
        else:
            data = load(src / f"{source}.yaml")
            out[name] = tagged_texts(data["blocks"], variant, []) + _title_lines(data["meta"])
    return out


def _title_lines(meta: dict) -> list[tuple[str, set[str]]]:
    """The title page's lines: a title that states the plan's period evidences its horizon."""
    lines = [meta.get(k) for k in ("doc_title", "title", "subtitle")] + list(meta.get("title_lines") or [])
    return [(_norm(t), {"five-year-horizon"}) for t in lines if t]


def _find(quote: str, texts: list[tuple[str, set[str]]]) -> set[str] | None:
    q = _norm(quote.rstrip("\u2026"))
    # Quotes are sentences or rows of a paragraph; PDF text may join or split words differently.
    key = re.sub(r"[^a-z0-9]", "", q)[:120]
    for text, tags in texts:
        if key and key in re.sub(r"[^a-z0-9]", "", text):
            return tags
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--cmd", default="jfp check {path} --format json")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    texts = sources(args.corpus)
    cited = precise = 0
    for name, items in texts.items():
        path = args.corpus / name
        argv = [a.replace("{path}", str(path)) for a in shlex.split(args.cmd)]
        run = subprocess.run(argv, capture_output=True, text=True)
        report = json.loads(run.stdout)
        doc_cited = doc_precise = 0
        for r in report["results"]:
            if r["status"] == "missing":
                continue
            for e in r.get("evidence", []):
                tags = _find(e["text"], items)
                ok = tags is not None and r["id"] in tags
                doc_cited += 1
                doc_precise += ok
                if args.verbose and not ok:
                    where = "not in the sources" if tags is None else f"tags {sorted(tags) or '[]'}"
                    print(f"  {name} {r['code']} {r['id']}: {where}: {e['text'][:110]!r}")
        print(f"{name:24s} {doc_precise:3d}/{doc_cited:<3d} cited passages carry the id")
        cited += doc_cited
        precise += doc_precise
    print(f"evidence precision        {precise / cited if cited else 0:.3f}  ({precise}/{cited})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
