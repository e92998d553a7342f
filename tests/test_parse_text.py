"""Tests for the Markdown and plain-text parser (``jfp.parsers.text``)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from clirun import invoke

from jfp.errors import DocumentError
from jfp.models import Document
from jfp.parsers import parse
from jfp.parsers.builder import clean, count_words

CORPUS_NOTES = Path("/work/shared/corpus/kestrel-notes.md")


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    """Write a fixture file and return its path."""
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


def tree(doc: Document) -> list[tuple[int, str]]:
    """(level, heading) for every headed section in order."""
    return [(s.level, s.heading) for s in doc.iter_sections() if s.level > 0]


def blocks(doc: Document) -> list[tuple[str, str]]:
    """(kind, text) for every block in order."""
    return [(b.kind, b.text) for _, b in doc.iter_blocks()]


def section(doc: Document, heading: str):
    """The section with this heading."""
    return next(s for s in doc.iter_sections() if s.heading == heading)


# ----------------------------------------------------------------------------- markdown


def test_atx_headings_nest_and_strip_closing_marks(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.md", "# Our plan #\n\nIntro.\n\n## Money ##\n\nText.\n\n### Capital\n\nMore.\n\n"
                                        "# Our people\n\n## People\n"))
    assert tree(doc) == [(1, "Our plan"), (2, "Money"), (3, "Capital"), (1, "Our people"), (2, "People")]
    assert section(doc, "Capital").path == ["Our plan", "Money", "Capital"]
    assert doc.meta.format == "markdown"
    assert doc.meta.pages is None
    assert doc.meta.title == "Our plan"


def test_one_title_heading_over_chapters_names_the_document_like_words_title_style(tmp_path: Path) -> None:
    # "# Plan" then "##" chapters: the "#" is the document's title (a DOCX's Title style), so the
    # chapters are the top level, as in the DOCX and PDF of the same plan.
    doc = parse(write(tmp_path, "p.md", "# Our plan 2025/26\n\nIntro.\n\n## Money\n\nText.\n\n### Capital\n\nMore.\n"))
    assert tree(doc) == [(1, "Money"), (2, "Capital")]
    assert section(doc, "Capital").path == ["Money", "Capital"]
    assert doc.meta.title == "Our plan 2025/26"


def test_hash_without_space_is_not_a_heading(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.md", "# Title\n\n#hashtag campaign text\n"))
    assert tree(doc) == [(1, "Title")]
    assert blocks(doc) == [("paragraph", "#hashtag campaign text")]


def test_setext_headings_but_not_table_rules_or_rules(tmp_path: Path) -> None:
    text = (
        "Big title\n=========\n\nSmaller\n-------\n\nA paragraph of two\nsoft-wrapped lines.\n\n"
        "---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n---\n"
    )
    doc = parse(write(tmp_path, "p.md", text))
    assert tree(doc) == [(1, "Big title"), (2, "Smaller")]
    kinds = [k for k, _ in blocks(doc)]
    assert kinds == ["paragraph", "table", "list_item"]
    assert blocks(doc)[0][1] == "A paragraph of two soft-wrapped lines."


def test_bullets_with_continuations(tmp_path: Path) -> None:
    text = (
        "## Steps\n\n- first item\n  carried on here\n* second\n+ third\n\u2022 fourth\n"
        "1. numbered one\n2) numbered two\na) lettered\n\nAfter the list.\n"
    )
    doc = parse(write(tmp_path, "p.md", text))
    assert blocks(doc) == [
        ("list_item", "first item carried on here"),
        ("list_item", "second"),
        ("list_item", "third"),
        ("list_item", "fourth"),
        ("list_item", "numbered one"),
        ("list_item", "numbered two"),
        ("list_item", "lettered"),
        ("paragraph", "After the list."),
    ]
    styles = [b.style for _, b in doc.iter_blocks()]
    assert styles[0] == "List Bullet" and styles[4] == "List Number"


def test_pipe_table_rows_without_separator(tmp_path: Path) -> None:
    text = "# T\n\n| Board | Step |\n|:---|---:|\n| North | **More** clinics |\n| South | [Hubs](http://x.y) \\| beds |\n"
    doc = parse(write(tmp_path, "p.md", text))
    (table,) = [b for _, b in doc.iter_blocks() if b.kind == "table"]
    assert table.rows == [["Board", "Step"], ["North", "More clinics"], ["South", "Hubs | beds"]]
    assert table.text.splitlines()[1] == "North | More clinics"


def test_table_without_outer_pipes(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.md", "# T\n\nGoal | Date\n--- | ---\nBeds | 2027\n"))
    (table,) = [b for _, b in doc.iter_blocks() if b.kind == "table"]
    assert table.rows == [["Goal", "Date"], ["Beds", "2027"]]


def test_inline_markup_reduced_to_text(tmp_path: Path) -> None:
    text = "# T\n\nWe **will** open _three_ [hubs](https://example.org/hubs) with `code` and *care* by <br> 2027, snake_case_name kept.\n"
    doc = parse(write(tmp_path, "p.md", text))
    assert blocks(doc) == [("paragraph", "We will open three hubs with code and care by 2027, snake_case_name kept.")]


def test_code_fences_kept_and_comments_dropped(tmp_path: Path) -> None:
    text = "# T\n\n<!-- reviewer: cut this\nsecond line -->\nVisible text.\n\n```\n# not a heading\n| not | table |\n```\n\nTail <!-- inline note --> end.\n"
    doc = parse(write(tmp_path, "p.md", text))
    assert tree(doc) == [(1, "T")]
    assert blocks(doc) == [
        ("paragraph", "Visible text."),
        ("paragraph", "# not a heading | not | table |"),
        ("paragraph", "Tail end."),
    ]
    assert "reviewer" not in doc.model_dump_json()


def test_front_matter_title_not_body(tmp_path: Path) -> None:
    text = "---\ntitle: \"Harrowfield plan 2025\"\nauthor: Planning team\n---\n\n## First\n\nBody.\n"
    doc = parse(write(tmp_path, "p.md", text))
    assert doc.meta.title == "Harrowfield plan 2025"
    assert "Planning team" not in " ".join(t for _, t in blocks(doc))
    assert tree(doc) == [(2, "First")]


def test_title_is_first_level_one_heading_even_after_preamble(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.md", "Draft v3\n\n# Real title\n\nText\n\n# Second\n"))
    assert doc.meta.title == "Real title"


# ----------------------------------------------------------------------------- plain text


def test_plain_text_numbered_headings(tmp_path: Path) -> None:
    text = (
        "1 Introduction\n\nThis plan sets out what we will do.\n\n"
        "3.2 Research and innovation\n\nWe will join trials.\n\n"
        "3.2.1 Clinical trials\n\nMore text.\n\n"
        "Chapter 4: Money\n\nBalanced budget.\n\n"
        "1. Do this first\n\n"
        "2.1 We will recruit forty new research nurses across all three hospital sites by March 2027.\n\n"
        "12 practices will open late\n"
    )
    doc = parse(write(tmp_path, "p.txt", text))
    assert doc.meta.format == "text"
    assert tree(doc) == [
        (1, "1 Introduction"),
        (2, "3.2 Research and innovation"),
        (3, "3.2.1 Clinical trials"),
        (1, "Chapter 4: Money"),
    ]
    kinds = blocks(doc)
    assert ("list_item", "Do this first") in kinds
    assert any(k == "paragraph" and t.startswith("2.1 We will recruit") for k, t in kinds)
    assert ("paragraph", "12 practices will open late") in kinds


def test_a_date_standing_alone_is_not_a_numbered_heading(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.txt", "1 Letters\n\n14 May 2024\n\nDear Marcia,\n\n3rd Sept. 2025\n\nThanks.\n"))
    assert tree(doc) == [(1, "1 Letters")]
    assert ("paragraph", "14 May 2024") in blocks(doc)


def test_a_bold_line_standing_alone_is_a_heading_ranked_below_the_last_real_one(tmp_path: Path) -> None:
    # Word's bold Normal lines saved as Markdown: the DOCX reader takes them as headings too.
    text = ("## Our priorities\n\nIntro.\n\n**Listening to people**\n\nWe asked 1,380 people.\n\n"
            "**Note:** bold label with text.\n\n**We will publish the plan each year.**\n\n"
            "**Not alone**\nbut the first line of a paragraph.\n")
    doc = parse(write(tmp_path, "p.md", text))
    assert tree(doc) == [(2, "Our priorities"), (3, "Listening to people")]
    assert ("paragraph", "We will publish the plan each year.") in blocks(doc)
    assert ("paragraph", "Not alone but the first line of a paragraph.") in blocks(doc)
    # With no Markdown headings at all, bold lines are the top level.
    doc = parse(write(tmp_path, "q.md", "**Our Plan 2024 to 2029**\n\nIntro.\n\n**A word from us**\n\nText.\n"))
    assert tree(doc) == [(1, "Our Plan 2024 to 2029"), (1, "A word from us")]


def test_plain_text_soft_wrap_does_not_make_headings(tmp_path: Path) -> None:
    text = "Some long sentence that wraps onto\n2 More lines here\n"
    doc = parse(write(tmp_path, "p.txt", text))
    assert tree(doc) == []
    assert blocks(doc) == [("paragraph", "Some long sentence that wraps onto 2 More lines here")]
    assert any(w.code == "no-headings" for w in doc.warnings)


def test_markdown_without_headings_falls_back_to_numbering(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.md", "1 Scope\n\nText here.\n\n2 Money\n\nMore.\n"))
    assert tree(doc) == [(1, "1 Scope"), (1, "2 Money")]


# ----------------------------------------------------------------------------- encodings


def test_utf8_bom_is_silent(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.md", b"\xef\xbb\xbf# Caf\xc3\xa9 plan\n\nText.\n"))
    assert tree(doc) == [(1, "Café plan")]
    assert not [w for w in doc.warnings if w.code == "encoding"]


def test_cp1252_fallback_warns(tmp_path: Path) -> None:
    data = "# Plan\n\nWe\u2019ll spend \u00a35m \u2013 fairly.\n".encode("cp1252")
    doc = parse(write(tmp_path, "p.txt", data.replace(b"# Plan", b"1 Plan")))
    (warning,) = [w for w in doc.warnings if w.code == "encoding"]
    assert "cp1252" in warning.message
    assert blocks(doc) == [("paragraph", "We\u2019ll spend \u00a35m \u2013 fairly.")]


def test_latin1_fallback_for_bytes_cp1252_lacks(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.md", b"# T\n\nodd \x81 byte \xe9\n"))
    (warning,) = [w for w in doc.warnings if w.code == "encoding"]
    assert "latin-1" in warning.message
    assert blocks(doc)[0][1].endswith("byte \u00e9")


# ----------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("filler", ["word ", "[[**__`<|", "* _ ~ ` [ ( < "])
def test_five_megabyte_line_is_fast(tmp_path: Path, filler: str) -> None:
    line = (filler * (5_000_000 // len(filler) + 1))[:5_000_000]
    p = write(tmp_path, "big.md", "# Big\n\n" + line + "\n")
    start = time.perf_counter()
    doc = parse(p)
    elapsed = time.perf_counter() - start
    # The builder's own whitespace clean-up and word count are a floor no parser can beat;
    # on a loaded CI machine the budget scales with that floor.
    start = time.perf_counter()
    count_words(clean(line))
    floor = time.perf_counter() - start
    assert elapsed < max(1.0, 3 * floor), f"{elapsed:.2f}s (floor {floor:.2f}s) for one 5 MB line of {filler!r}"
    assert tree(doc) == [(1, "Big")]


def test_many_lines_scale_linearly(tmp_path: Path) -> None:
    unit = "## Head\n\n- item one\n  more\n| a | b |\n|---|---|\n| 1 | 2 |\n\nPara *x* [y](z).\n\n"
    times = []
    for n in (4_000, 16_000):
        p = write(tmp_path, f"many{n}.md", unit * n)
        start = time.perf_counter()
        doc = parse(p)
        times.append(time.perf_counter() - start)
        assert doc.section_count == n
    # Four times the input may take at most about four times as long (quadratic would be 16x).
    assert times[1] < 8 * times[0] + 0.5, times


def test_whitespace_only_markdown_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        parse(write(tmp_path, "blank.md", "\n\n   \n<!-- only a comment -->\n"))
    assert err.value.reason == "empty"


def test_outline_exit_3_for_empty_and_binary(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.md", b"")
    binary = write(tmp_path, "blob.txt", b"\x00\x01\x02\xff" * 100)
    for p in (empty, binary):
        result = invoke(["outline", str(p)])
        assert result.exit_code == 3, result.output
    ok = invoke(["outline", str(write(tmp_path, "ok.md", "# Fine\n\nText.\n"))])
    assert ok.exit_code == 0 and "H1 Fine" in ok.output


@pytest.mark.skipif(not CORPUS_NOTES.exists(), reason="shared corpus not present")
def test_corpus_notes_read_sensibly() -> None:
    doc = parse(CORPUS_NOTES)
    assert doc.meta.format == "markdown"
    assert doc.meta.title
    assert doc.section_count >= 5
    assert doc.meta.words > 1000
    kinds = {b.kind for _, b in doc.iter_blocks()}
    assert kinds == {"paragraph", "list_item", "table"}
    for _, b in doc.iter_blocks():
        assert "**" not in b.text and "](" not in b.text
        if b.kind == "table":
            assert b.rows and all(len(r) == len(b.rows[0]) for r in b.rows)
            assert not any(set(c) <= set("-: ") for r in b.rows for c in r)


def test_all_capitals_line_is_a_plain_text_heading(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "p.txt", "OUR PRIORITIES\n\nWe will do things.\n\nNHS\n\nShort caps too short.\n"))
    assert tree(doc) == [(1, "OUR PRIORITIES")]


def test_word_processor_export_one_paragraph_per_line(tmp_path: Path) -> None:
    long = "We will open four neighbourhood health centres by 2029, sited where need is greatest, with council services. "
    text = f"1 Introduction\n{long}\n{long}\n2 Buildings\n{long}\n- a bullet\n{long}\n"
    doc = parse(write(tmp_path, "p.txt", text))
    assert tree(doc) == [(1, "1 Introduction"), (1, "2 Buildings")]
    assert [k for k, _ in blocks(doc)] == ["paragraph", "paragraph", "paragraph", "list_item", "paragraph"]


def test_blocks_know_their_source_lines(tmp_path):
    """Every Markdown block starts on the line recorded, past front matter and multi-line comments."""
    from jfp.options import Limits
    from jfp.parsers.text import parse

    src = ("---\ntitle: X\n---\n# Plan\n\nFirst para\ncontinues.\n\n<!-- a\nmulti\nline -->\n- item one\n  more\n\n"
           "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\nlast <!-- x --> line\n")
    path = tmp_path / "plan.md"
    path.write_bytes(src.encode())
    got = [(b.line, b.text.split("\n")[0][:10]) for _, b in parse(path, src.encode(), Limits()).iter_blocks()]
    assert got == [(6, "First para"), (12, "item one m"), (15, "a | b"), (20, "code"), (22, "last line")]


def test_a_plain_text_files_short_first_line_set_apart_is_its_title(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, "g.txt", "Glossary of terms used in this plan\n\nIntegration: services working together.\n"))
    assert doc.meta.title == "Glossary of terms used in this plan"
    # a first line that is a sentence, or runs straight into the next, is not a title
    assert parse(write(tmp_path, "a.txt", "We will open two hubs by 2026.\n\nMore text.\n")).meta.title is None
    assert parse(write(tmp_path, "b.txt", "Our plan for the valley\nruns on to a second line.\n")).meta.title is None

