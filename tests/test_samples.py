"""Consistency checks for the committed sample plans in ``samples/`` and their intended labels."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REQUIREMENTS = Path("/work/shared/reference/requirements.md")
STATUSES = {"met", "partial", "missing"}


def expected() -> dict:
    """The parsed expected.json."""
    return json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["documents"]


def test_every_labelled_file_exists_and_every_sample_is_labelled() -> None:
    docs = expected()
    on_disk = {p.name for p in SAMPLES.iterdir() if p.suffix in (".docx", ".pdf")}
    assert set(docs) == on_disk


def test_labels_cover_the_same_thirty_ids_with_valid_statuses() -> None:
    docs = expected()
    id_sets = {tuple(d["labels"]) for d in docs.values()}
    assert len(id_sets) == 1
    (ids,) = id_sets
    assert len(ids) == 30 and len(set(ids)) == 30
    assert all(set(d["labels"].values()) <= STATUSES for d in docs.values())
    if REQUIREMENTS.exists():
        catalogue = re.findall(r"^\| [SPR]\d\d \| ([a-z-]+) \|", REQUIREMENTS.read_text(), re.M)
        assert list(ids) == catalogue


def test_parity_groups_share_labels() -> None:
    groups: dict[str, list[dict]] = {}
    for name, d in expected().items():
        groups.setdefault(d["parity_group"], []).append(d["labels"])
    for labels in groups.values():
        assert len(labels) == 2 and labels[0] == labels[1]


def test_variants_differ_as_documented() -> None:
    docs = expected()
    strong = docs["harrowfield-strong.docx"]["labels"]
    gaps = docs["harrowfield-gaps.docx"]["labels"]
    assert set(strong.values()) == {"met"}
    removed = {k for k, v in gaps.items() if v == "missing"}
    assert removed == {"research", "climate-change", "abuse-victims", "patient-choice", "hwb-opinion"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("name", ["harrowfield-strong", "harrowfield-gaps", "harrowfield-thin"])
def test_pdf_pages_carry_header_and_page_numbers(name: str) -> None:
    text = subprocess.run(
        ["pdftotext", str(SAMPLES / f"{name}.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 5
    for number, page in enumerate(pages[1:], start=2):  # the cover has no header or footer
        assert f"Page {number} of {len(pages)}" in page
        assert "Harrowfield and Deane" in page.splitlines()[0]
