"""The scripts beside the package (fuzz harness, benchmarks) still run against it.

They are not part of the suite's work, so nothing else would notice when a refactor
removes a module they use.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_fuzz_harness_runs_without_findings():
    done = subprocess.run([sys.executable, "fuzz/fuzz_parsers.py", "--seconds", "2"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert " 0 findings" in done.stdout + done.stderr


def test_the_benchmarks_import_and_run_their_harness():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import annotate_bench  # noqa: F401
        import batch_bench  # noqa: F401
        import check_bench  # noqa: F401
        import parse_bench  # noqa: F401
        import share_bench  # noqa: F401
        import startup_bench  # noqa: F401
        from interleaved import Case, run_interleaved, table

        results = run_interleaved([Case("pass", [sys.executable, "-c", "pass"]),
                                   Case("version", [sys.executable, "-m", "jfp", "--version"])], repeat=2, warmup=0)
        assert "| version |" in table(results, "pass")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_the_status_diff_counts_what_moved_to_and_away_from_the_labels(tmp_path):
    sys.path.insert(0, str(ROOT / "accuracy"))
    try:
        import status_diff
    finally:
        sys.path.remove(str(ROOT / "accuracy"))
    before = {"s/a.md": {"labels": {"quality": "met", "research": "missing", "advice": "partial"},
                         "got": {"quality": "partial", "research": "missing", "advice": "met"}},
              "s/b.md": {"labels": {"quality": "met"}, "got": {}}}
    after = {"s/a.md": {"labels": {"quality": "met", "research": "missing", "advice": "partial"},
                        "got": {"quality": "met", "research": "partial", "advice": "missing"}},
             "s/b.md": {"labels": {"quality": "met"}, "got": {"quality": "met"}}}
    lines, to_label, away, left_out = status_diff.compare(before, after)
    assert (to_label, away, left_out) == (1, 1, 1)
    assert "+ s/a.md quality: partial -> met (label met)" in lines
    assert "- s/a.md research: missing -> partial (label missing)" in lines
    assert "~ s/a.md advice: met -> missing (label partial)" in lines
    # dump reads a set's labels and runs the checker on each labelled document
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "plan.md").write_text("# Plan 2025/26\n\n## Research\n\nWe will recruit 40 research nurses by 2027.\n")
    (folder / "labels.json").write_text('{"plan.md": {"research": "partial", "quality": "missing"}}')
    out = tmp_path / "dump.json"
    assert status_diff.main(["dump", str(out), str(folder), "--jfp", f"{sys.executable} -m jfp", "--jobs", "1"]) == 0
    dumped = __import__("json").loads(out.read_text())
    assert set(dumped) == {"set/plan.md"}
    assert dumped["set/plan.md"]["got"]["research"] in ("met", "partial") and dumped["set/plan.md"]["got"]["quality"] == "missing"


def test_the_parity_check_renders_a_docx_as_markdown_the_reader_gets_the_same_structure_from(tmp_path):
    import docx

    sys.path.insert(0, str(ROOT / "accuracy"))
    try:
        import parity_check
    finally:
        sys.path.remove(str(ROOT / "accuracy"))
    d = docx.Document()
    d.add_paragraph("Greywell Joint Forward Plan 2025 to 2030", style="Title")
    d.add_heading("Research", level=1)
    d.add_paragraph().add_run("What we will do").bold = True
    d.add_paragraph("We will recruit 40 research nurses by 2027.", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Measure", "Target", "Trial places", "6,000 | a year"]):
        cell.text = text
    path = tmp_path / "plan.docx"
    d.save(str(path))
    md = parity_check.markdown_of(path)
    assert md.split("\n\n")[:4] == ["# Greywell Joint Forward Plan 2025 to 2030", "## Research", "**What we will do**",
                                    "- We will recruit 40 research nurses by 2027."]
    assert "| Trial places | 6,000 / a year |" in md
    assert parity_check.differences({"research": "met", "_pack": "x"}, {"research": "partial", "_pack": "x"}) == [
        ("research", "met", "partial")]
