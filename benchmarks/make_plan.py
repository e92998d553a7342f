"""Generate a realistic ~120-page plan (DOCX with python-docx, PDF with LibreOffice) for benchmarks.

    python benchmarks/make_plan.py [--chapters 36] [--out ~/.cache/jfp-bench]

Chapters with two heading levels, prose, bullets, ruled tables and a header and footer
with page numbers, close to what an ICB's Joint Forward Plan looks like. The text is
generated from a small vocabulary (no corpus text). Prints the two paths.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
from pathlib import Path

DEFAULT_OUT = Path.home() / ".cache" / "jfp-bench"
_SUBJECTS = ["The ICB", "Our partners", "Each place partnership", "The provider collaborative", "Primary care networks"]
_VERBS = ["will expand", "will review", "will fund", "will publish", "will redesign", "will measure"]
_OBJECTS = [
    "community diagnostic capacity", "same-day urgent care", "mental health crisis support",
    "the neighbourhood team model", "waiting lists for planned care", "discharge arrangements",
    "the workforce plan", "shared care records", "prevention programmes for smoking",
]
_TAILS = [
    "by March 2026", "in every place", "with local authority partners", "and report to the board quarterly",
    "so that people wait less", "within the agreed financial envelope", "starting in the most deprived wards",
]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."


def _para(rng: random.Random, n: int) -> str:
    return " ".join(_sentence(rng) for _ in range(n))


def _page_field(paragraph, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


def build_docx(path: Path, chapters: int, seed: int = 7) -> None:
    """Write the plan DOCX."""
    from docx import Document

    rng = random.Random(seed)
    doc = Document()
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "Benchmark ICB Joint Forward Plan 2025/26 to 2029/30"
    foot = sec.footer.paragraphs[0]
    foot.text = "Page "
    _page_field(foot, "PAGE")
    foot.add_run(" of ")
    _page_field(foot, "NUMPAGES")
    doc.add_paragraph("Benchmark ICB Joint Forward Plan", style="Title")
    for c in range(1, chapters + 1):
        doc.add_heading(f"{c} Chapter on {rng.choice(_OBJECTS)}", level=1)
        doc.add_paragraph(_para(rng, 6))
        for s in range(1, 4):
            doc.add_heading(f"{c}.{s} {rng.choice(_OBJECTS).capitalize()}", level=2)
            for _ in range(3):
                doc.add_paragraph(_para(rng, rng.randint(4, 8)))
            for _ in range(4):
                doc.add_paragraph(_sentence(rng), style="List Bullet")
            if s == 2:
                table = doc.add_table(rows=6, cols=4, style="Table Grid")
                for r in range(6):
                    for k in range(4):
                        table.cell(r, k).text = (
                            ["Measure", "2025/26", "2027/28", "2029/30"][k] if r == 0
                            else (rng.choice(_OBJECTS) if k == 0 else f"{rng.randint(1, 99)}%")
                        )
            doc.add_paragraph(_para(rng, 5))
    doc.save(str(path))


def build(out: Path, chapters: int, seed: int = 7) -> tuple[Path, Path]:
    """Build (or reuse) the DOCX and PDF; returns their paths."""
    return build_many(out, chapters, [seed])[0]


def build_many(out: Path, chapters: int, seeds: list[int]) -> list[tuple[Path, Path]]:
    """Plans of the same size with different text (one per seed), DOCX and PDF, cached in ``out``.

    The PDFs missing from the cache are converted by one LibreOffice run.
    """
    out.mkdir(parents=True, exist_ok=True)
    pairs = []
    for seed in seeds:
        stem = f"plan-{chapters}" if seed == 7 else f"plan-{chapters}-s{seed}"
        pairs.append((out / f"{stem}.docx", out / f"{stem}.pdf"))
    for (docx, _), seed in zip(pairs, seeds):
        if not docx.exists():
            build_docx(docx, chapters, seed)
    todo = [str(docx) for docx, pdf in pairs if not pdf.exists()]
    if todo:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(out), *todo],
                check=True, capture_output=True, timeout=3600,
            )
    return pairs


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapters", type=int, default=36)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    for p in build(args.out, args.chapters):
        print(p)


if __name__ == "__main__":
    main()
