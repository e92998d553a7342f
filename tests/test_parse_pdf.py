"""The PDF parser: headings, pages, running heads, joins, columns, tables, contents, warnings, errors."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pagereaders import in_page_reading_helper

from jfp.errors import DocumentError
from jfp.parsers import Limits, parse
from jfp.parsers.pdf_hyphens import hyphen_resolver as _hyphen_resolver
from jfp.parsers.pdf_read import _cover_title, _join_across_pages
from jfp.parsers.pdf_garble import garbled_reason
from jfp.parsers.pdf_headings import levels
from jfp.parsers.pdf_layout import LINE_END_HYPHEN, Line, Table
from jfp.parsers.pdf_structure import Para, order_columns, paragraphs, right_edges

FIX = Path(__file__).parent / "fixtures" / "pdf"
CORPUS = Path("/work/shared/corpus")


@pytest.fixture(scope="module")
def layout():
    return parse(FIX / "layout.pdf")


def texts(doc):
    return [b.text for _, b in doc.iter_blocks()]


def test_heading_tree_and_levels(layout):
    tree = [(s.level, s.heading) for s in layout.iter_sections() if s.level]
    assert tree == [
        (1, "1 Introduction"),
        (2, "1.1 Background"),
        (2, "1.2 What people told us"),
        (1, "2 Our priorities"),
        (2, "2.1 Two ways of working"),
        (1, "3 Delivery"),
        (2, "3.1 Research"),
    ]
    section = next(s for s in layout.iter_sections() if s.heading == "2.1 Two ways of working")
    assert section.path == ["2 Our priorities", "2.1 Two ways of working"]


def test_pages_are_one_based_and_counted(layout):
    assert layout.meta.pages == 4
    assert layout.meta.format == "pdf"
    pages = {s.heading: s.page_start for s in layout.iter_sections() if s.level}
    assert pages["1 Introduction"] == 2 and pages["2 Our priorities"] == 3 and pages["3 Delivery"] == 4
    assert all(b.page is not None and 1 <= b.page <= 4 for _, b in layout.iter_blocks())


def test_running_header_footer_and_page_numbers_removed(layout):
    joined = "\n".join(texts(layout))
    assert "draft for consultation" not in joined
    assert "Riverside ICB" not in joined
    assert "Page 2" not in joined


def test_contents_page_skipped(layout):
    assert all("Contents" != s.heading for s in layout.iter_sections())
    assert not any("....." in t for t in texts(layout))


def test_hyphenated_line_end_joined(layout):
    joined = " ".join(texts(layout))
    assert "improve the integration of health" in joined
    assert "integ-" not in joined and "\ufffe" not in joined


def test_bullets_are_list_items_and_lead_in_is_not_a_heading(layout):
    items = [b.text for _, b in layout.iter_blocks() if b.kind == "list_item"]
    assert items == [
        "Shorter waits for planned operations.",
        "More help close to home from neighbourhood teams.",
        "Clear information about which service to use.",
    ]
    assert not any(s.heading.startswith("Working with partners") for s in layout.iter_sections())
    assert any(t.startswith("Working with partners. The partners will agree") for t in texts(layout))


def test_table_rows(layout):
    tables = [b for _, b in layout.iter_blocks() if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows == [
        ["Measure", "2024/25", "2028/29"],
        ["Waiting over 18 weeks", "41%", "8%"],
        ["Emergency admissions", "9,800", "8,900"],
        ["Smoking rate", "14.2%", "10.0%"],
    ]
    assert tables[0].page == 3
    assert "Waiting over 18 weeks" not in " ".join(b.text for _, b in layout.iter_blocks() if b.kind != "table")


def test_two_column_section_read_column_by_column(layout):
    blocks = texts(layout)
    left = next(i for i, t in enumerate(blocks) if t.startswith("Left column begins"))
    assert blocks[left].endswith("Left column ends.")
    assert blocks[left + 1].startswith("Right column begins") and blocks[left + 1].endswith("Right column ends.")
    assert blocks[left + 2].startswith("After the columns")


def _line(text, x0, x1, top):
    return Line(text, 1, x0, x1, top, top + 10, 10.0, False, top + 9, top + 9)


def test_order_columns_reorders_interleaved_stream():
    lines = [_line("Title across the page", 50, 540, 40)]
    for k in range(8):
        lines.append(_line(f"left {k}", 50, 280, 80 + 14 * k))
        lines.append(_line(f"right {k}", 310, 540, 80 + 14 * k))
    lines.append(_line("Footnote across the page again", 50, 540, 300))
    ordered = [ln.text for ln in order_columns(lines, 595)]
    assert ordered[0].startswith("Title")
    assert ordered[1:9] == [f"left {k}" for k in range(8)]
    assert ordered[9:17] == [f"right {k}" for k in range(8)]
    assert ordered[-1].startswith("Footnote")


def test_order_columns_leaves_single_column_alone():
    lines = [_line(f"line {k}", 50, 540 if k % 3 else 200, 80 + 14 * k) for k in range(20)]
    assert order_columns(lines, 595) == lines


def test_scaled_text_matrix_sizes_give_headings():
    doc = parse(FIX / "scaled-text.pdf")
    assert [(s.level, s.heading) for s in doc.iter_sections() if s.level] == [
        (1, "Improving care"),
        (1, "Working together"),
    ]
    assert doc.meta.title == "Improving care"  # metadata Title "Untitled" is not meaningful


def test_garbled_page_warned_and_dropped():
    doc = parse(FIX / "garbled.pdf")
    garbled = [w for w in doc.warnings if w.code == "garbled-text"]
    assert [w.page for w in garbled] == [2]
    assert {b.page for _, b in doc.iter_blocks()} == {1, 3}
    assert not any("Rxu" in b.text or "vkduhg" in b.text for _, b in doc.iter_blocks())


def test_garbled_detector_passes_normal_text_numbers_and_acronyms():
    english = " ".join(
        ["The plan sets out how the partners will improve care and report on each commitment every year."] * 6
    )
    assert garbled_reason(english) is None
    assert garbled_reason("2024/25 41% 8% 9,800 8,900 14.2% 10.0% " * 20) is None
    assert garbled_reason("NHS ICB KCUH FCH KFP CQC SEND ICS HWB JSNA GP A&E UEC " * 10) is None
    assert garbled_reason("Wkh sodq vhwv rxw krz wkh sduwqhuv zloo lpsuryh fduh dqg uhsruw rq hdfk " * 5)
    assert garbled_reason("IRU\ufffdD\ufffdPRUH\ufffd" * 20)
    assert garbled_reason("(cid:12)(cid:7)(cid:3)" * 20)


def test_image_only_pages():
    from jfp.parsers import read_document, sha256_of

    data = (FIX / "image-only.pdf").read_bytes()
    doc = read_document(FIX / "image-only.pdf", "pdf", data, Limits(), sha256_of(data))
    codes = [(w.code, w.page) for w in doc.warnings]
    assert ("no-text-layer", 1) in codes and ("no-text-layer", 2) in codes
    assert any(w.code == "needs-ocr" and "OCR" in w.message for w in doc.warnings)
    with pytest.raises(DocumentError) as err:
        parse(FIX / "image-only.pdf")
    assert err.value.reason == "no-text"


def test_mixed_scan_warns_for_the_image_page_only():
    doc = parse(FIX / "mixed-scan.pdf")
    assert [(w.code, w.page) for w in doc.warnings] == [("no-text-layer", 2)]


def test_encrypted_pdf():
    with pytest.raises(DocumentError) as err:
        parse(FIX / "encrypted.pdf")
    assert err.value.reason == "encrypted"
    assert "password-protected" in str(err.value)


def test_corrupt_pdf(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n")
    with pytest.raises(DocumentError) as err:
        parse(bad)
    assert err.value.reason == "corrupt"


def test_too_many_pages():
    with pytest.raises(DocumentError) as err:
        parse(FIX / "layout.pdf", Limits(max_pages=3))
    assert err.value.reason == "too-large" and "4 pages" in str(err.value)


@pytest.mark.parametrize("name", ["encrypted.pdf", "image-only.pdf"])
def test_cli_exit_3_with_one_line(name):
    jfp = Path(sys.executable).with_name("jfp")
    cmd = [str(jfp)] if jfp.exists() else [sys.executable, "-m", "jfp.cli"]
    run = subprocess.run([*cmd, "outline", str(FIX / name)], capture_output=True, text=True, env=os.environ)
    assert run.returncode == 3
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and name in run.stderr


@pytest.mark.skipif(not (CORPUS / "kestrel-full.pdf").exists(), reason="corpus not present")
def test_corpus_pdf_headings_match_docx_styles():
    docx = pytest.importorskip("docx")
    source = docx.Document(str(CORPUS / "kestrel-full.docx"))
    expected = [
        (int(p.style.name[-1]), p.text.strip())
        for p in source.paragraphs
        if p.style.name in ("Heading 1", "Heading 2") and p.text.strip() != "Contents"
    ]
    doc = parse(CORPUS / "kestrel-full.pdf")
    assert [(s.level, s.heading) for s in doc.iter_sections() if s.level] == expected
    assert doc.meta.pages == 21
    assert sum(1 for _, b in doc.iter_blocks() if b.kind == "table") == 10
    assert not doc.warnings


@pytest.mark.skipif(not (CORPUS / "kestrel-thin.pdf").exists(), reason="corpus not present")
def test_corpus_summary_cover_lettering_is_not_a_heading():
    doc = parse(CORPUS / "kestrel-thin.pdf")
    headed = [s for s in doc.iter_sections() if s.level]
    assert headed[0].level == 1 and headed[0].page_start == 1
    assert doc.meta.pages == 6
    assert all(b.page is not None for _, b in doc.iter_blocks())
    assert not any(w.code == "garbled-text" for w in doc.warnings)


def test_forked_page_reading_gives_the_same_document(monkeypatch, tmp_path):
    from jfp.options import Options
    from jfp.runner import page_mapper

    serial = parse(FIX / "layout.pdf")
    marker = tmp_path / "helper-read-a-chunk"
    in_page_reading_helper(monkeypatch, marker.touch)
    assert parse(FIX / "layout.pdf", mapper=page_mapper(Options(jobs=2))) == serial
    assert marker.exists(), "no page was read by the helper"


def _body(text, x0, x1, base, page=1):
    return Line(text, page, x0, x1, base - 9, base + 2, 10.0, False, base, base)


def test_short_line_whose_next_word_would_have_fitted_ends_the_paragraph():
    lines = [
        _body("A paragraph that runs the full width of the text area on its", 60, 520, 100),
        _body("first line and ends here.", 60, 200, 114),
        _body("Helen Marlow, Chair, Riverside ICB", 60, 260, 128),
        _body("Omar Khan, Chief Executive, Riverside ICB", 60, 290, 142),
    ]
    with_edges = [p.text for p in paragraphs(lines, right_edges(lines))]
    assert with_edges == [
        "A paragraph that runs the full width of the text area on its first line and ends here.",
        "Helen Marlow, Chair, Riverside ICB",
        "Omar Khan, Chief Executive, Riverside ICB",
    ]
    # Without edges (a two-column page) the rule is off and plain spacing decides.
    assert len(paragraphs(lines)) == 1


def test_full_lines_and_lower_case_continuations_stay_joined():
    lines = [
        _body("The plan sets out what the partners will do over five years, and", 60, 518, 100),
        _body("National Health Service bodies will report on it every year.", 60, 470, 114),
        _body("short line carried on", 60, 160, 128),
        _body("by a hard break in lower case.", 60, 210, 142),
    ]
    assert len(paragraphs(lines, right_edges(lines))) == 1


def test_indented_quotation_has_its_own_right_edge():
    lines = [_body("Body text across the whole width of the page runs to here.", 60, 520, 80)]
    lines += [
        _body("The Board is of the opinion that the draft Joint", 90, 480, 100),
        _body("Forward Plan takes proper account of the strategy.", 90, 470, 114),
    ]
    quote = paragraphs(lines[1:], right_edges(lines))
    assert [p.text for p in quote] == [
        "The Board is of the opinion that the draft Joint Forward Plan takes proper account of the strategy."
    ]


def test_paragraph_cut_by_page_break_rejoined_when_next_word_had_no_room():
    full = [
        _body("From 2025/26 they will buy through one procurement service, the", 60, 520, 700, page=1),
        _body("shared service run jointly by the trusts of Harrowfield and Deane Business", 60, 516, 714, page=1),
    ]
    edges = right_edges(full)
    first = paragraphs(full, edges)
    rest = [_body("Services, with a single plan.", 60, 200, 80, page=2)]
    second = paragraphs(rest, right_edges(rest))
    expected = first[0].text + " Services, with a single plan."
    joined = _join_across_pages(first + second)
    assert [p.text for p in joined] == [expected]
    # A last line with room for the next word ended its paragraph, whatever the case.
    short = paragraphs([*full[:1], _body("and Deane Business", 60, 150, 714, page=1)], edges)
    assert len(_join_across_pages(short + paragraphs(rest, right_edges(rest)))) == 2


def test_table_between_page_parts_blocks_the_join():
    first = paragraphs([_body("a sentence cut by the page", 60, 520, 700), _body("end and", 60, 516, 714)])
    table = Table(2, 60, 520, 40, 90, [["a", "b"]])
    second = paragraphs([_body("carried on here.", 60, 200, 120, page=2)])
    assert len(_join_across_pages(first + [table] + second)) == 3


def test_line_end_hyphen_kept_for_a_compound_family():
    items = [
        Para("Funding is long-term for the NHS.", 1, 10.0, False, 1, False, 0.0, 0.0),
        Para(f"Voluntary sector funding is short{LINE_END_HYPHEN}term and the integ{LINE_END_HYPHEN}ration", 1, 10.0, False, 2, False, 0.0, 0.0),
    ]
    resolve = _hyphen_resolver(items)
    assert resolve(items[1].text) == "Voluntary sector funding is short-term and the integration"


def _look(text, page, size, bold=False):
    return Para(text, page, size, bold, 1, False, 100.0, 60.0)


def test_bold_body_size_heading_nests_under_the_heading_above():
    paras = [
        _look("1 About this plan", 2, 18.0, True),
        _look("Our six priorities", 2, 10.0, True),
        _look("Body text of the plan that runs on.", 2, 10.0),
        _look("1.1 Who we serve", 3, 14.0, True),
        _look("Key milestones", 3, 10.0, True),
        _look("More body text of the plan.", 3, 10.0),
        _look("2 Money", 4, 18.0, True),
    ]
    out = levels(paras, 10.0, [True] * len(paras), [False] * len(paras))
    assert out == [1, 2, None, 2, 3, None, 1]


def test_numbered_heading_alone_in_its_look_on_page_one_is_kept():
    paras = [
        _look("1 Stress plan", 1, 18.0, True),
        _look("Body text of the plan that runs on.", 1, 10.0),
        _look("1.1 Long table", 1, 14.0, True),
        _look("1.2 Merged cells", 2, 14.0, True),
    ]
    out = levels(paras, 10.0, [True] * len(paras), [False] * len(paras))
    assert out == [1, None, 2, 2]


def test_cover_title_is_the_largest_type_before_the_first_heading():
    paras = [
        _look("NHS Riverside", 1, 14.0),
        _look("Riverside Joint Forward Plan", 1, 28.0),
        _look("1 Introduction", 1, 18.0, True),
        _look("Body.", 1, 10.0),
    ]
    assert _cover_title(paras, [None, None, 1, None]) == "Riverside Joint Forward Plan"
    # Nothing on the cover outranks the headings: no cover title (the first heading serves).
    assert _cover_title(paras[:1] + paras[2:], [None, 1, None]) is None


def test_bold_body_size_line_on_the_cover_is_not_a_chapter():
    paras = [
        _look("Draft for Board approval", 1, 10.0, True),
        _look("1 Introduction", 1, 18.0, True),
        _look("Body text of the plan that runs on.", 1, 10.0),
        _look("Our priorities", 2, 10.0, True),
        _look("2 Money", 3, 18.0, True),
    ]
    out = levels(paras, 10.0, [True] * len(paras), [False] * len(paras))
    assert out == [None, 1, None, 2, 1]


def test_a_line_survives_the_hand_over_from_a_page_reading_process():
    import pickle
    from dataclasses import fields

    # A distinct value per field, so a field that Line.__reduce__ forgets fails here.
    values = {f.name: (f"v{i}" if f.type == "str" else (i, i + 1) if "tuple" in str(f.type)
                       else bool(i % 2) if f.type == "bool" else float(i) if f.type == "float" else i)
              for i, f in enumerate(fields(Line), start=1)}
    line = Line(**values)
    assert pickle.loads(pickle.dumps(line, pickle.HIGHEST_PROTOCOL)) == line


def _hyphen_items(texts):
    return [Para(t, 1, 10.0, False, 1, False, 0.0, 0.0) for t in texts]


def test_the_lazy_and_the_eager_vocabulary_settle_hyphens_alike():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    syllable = st.sampled_from(["in", "teg", "ration", "long", "term", "short", "Flood", "25s", "ση", "Ünder", "care", "é"])
    word = st.lists(syllable, min_size=1, max_size=3).map("".join)
    joiner = st.sampled_from([" ", " ", "-", LINE_END_HYPHEN, ", ", " (", ") ", "_", "/"])
    text = st.lists(st.tuples(word, joiner), min_size=1, max_size=12).map(lambda parts: "".join(w + j for w, j in parts))

    @settings(max_examples=300, deadline=None)
    @given(st.lists(text, min_size=1, max_size=8))
    def check(texts):
        items = _hyphen_items(texts)
        eager, lazy = _hyphen_resolver(items, eager_above=0), _hyphen_resolver(items, eager_above=10**9)
        assert [eager(t) for t in texts] == [lazy(t) for t in texts]

    check()


@pytest.mark.parametrize("eager_above", [0, 10**9], ids=["eager", "lazy"])
@pytest.mark.parametrize(
    "others, broken, settled",
    [
        (["The integration of care."], f"integ{LINE_END_HYPHEN}ration", "integration"),  # the word whole elsewhere
        (["A short-term fix."], f"short{LINE_END_HYPHEN}term", "short-term"),  # the compound elsewhere
        (["A long-term plan."], f"mid{LINE_END_HYPHEN}term", "mid-term"),  # a compound family's tail
        (["Flood risk is high."], f"flood{LINE_END_HYPHEN}plain", "flood-plain"),  # the first half is a word
        (["Nothing here."], f"Romanian{LINE_END_HYPHEN}speaking", "Romanian-speaking"),  # a capital
        (["Nothing here."], f"under{LINE_END_HYPHEN}25s", "under-25s"),  # a digit
        (["Nothing here."], f"integ{LINE_END_HYPHEN}ration", "integration"),  # no evidence: join
        (["The STRATEGY is set."], f"strat{LINE_END_HYPHEN}egy", "strategy"),  # case does not matter
    ],
)
def test_each_hyphen_rule_holds_for_both_vocabularies(eager_above, others, broken, settled):
    items = _hyphen_items([*others, f"We plan {broken} now."])
    resolve = _hyphen_resolver(items, eager_above=eager_above)
    assert resolve(items[-1].text) == f"We plan {settled} now."


def test_a_slow_page_reading_helper_gets_fewer_pages_and_the_same_document(monkeypatch):
    import time

    serial = parse(FIX / "layout.pdf")
    in_page_reading_helper(monkeypatch, lambda: time.sleep(0.3))
    assert parse(FIX / "layout.pdf") == serial


def test_pages_a_dead_helper_took_are_read_after_all(monkeypatch):
    serial = parse(FIX / "layout.pdf")
    in_page_reading_helper(monkeypatch, lambda: os._exit(1))  # dies holding the chunk it took
    assert parse(FIX / "layout.pdf") == serial


def test_highlighted_lines_are_a_paragraph_and_a_ruled_grid_a_table(tmp_path):
    # Word's highlight prints as one filled box behind each line; boxes of lines of different
    # widths touch as a stack, but their right edges do not run the stack's height, as a grid's
    # outer edges do.
    from tests.hostile.generate import _pdf_escape, minimal_pdf

    def text(x, y, s):
        return b"BT /F1 11 Tf 1 0 0 1 %g %g Tm (%s) Tj ET" % (x, y, _pdf_escape(s))

    first = "[TO ADD: summary of engagement findings and the table of responses, due 14"
    second = "February.]"
    ops = [b"1 1 0 rg", b"70 696 380 14 re f", b"70 682 52 14 re f", b"0 g",
           text(72, 700, first), text(72, 686, second),
           # A ruled two-by-two table: stroked cell borders.
           b"0.5 w 70 560 200 40 re S 170 560 m 170 600 l S 70 580 m 270 580 l S",
           text(74, 586, "Measure"), text(174, 586, "Target"),
           text(74, 566, "Waits"), text(174, 566, "92%")]
    path = tmp_path / "highlight.pdf"
    path.write_bytes(minimal_pdf([b"\n".join(ops)]))
    doc = parse(path)
    tables = [b for _, b in doc.iter_blocks() if b.kind == "table"]
    assert [t.rows for t in tables] == [[["Measure", "Target"], ["Waits", "92%"]]]
    assert f"{first} {second}" in [b.text for _, b in doc.iter_blocks() if b.kind != "table"]


def test_a_slide_decks_page_titles_are_headings_even_when_smaller_than_its_bullets(tmp_path):
    # A deck's slides open with a bold title at 14pt over 16pt bullets: the look that opens
    # most pages is the pages' titles, so each slide is a section.
    from tests.hostile.generate import _pdf_escape, _stream, assemble_pdf

    slides = [("Slide 1: Our duties", "We will meet every duty of the NHS Act in each of our two places."),
              ("Slide 2: Fairer health", "We will halve the gap in heart disease deaths by 2030 in both places."),
              ("Slide 3: Our workforce", "We will recruit 400 more nurses into community teams by March 2028."),
              ("Slide 4: Money", "We will balance the budget every year from 2026/27 to 2030/31."),
              ("Slide 5: Research", "We will double the people taking part in NIHR studies by 2028.")]
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"]
    kids = []
    for title, bullet in slides:
        ops = b"BT /F2 14 Tf 1 0 0 1 56 520 Tm (%s) Tj ET\nBT /F1 16 Tf 1 0 0 1 56 480 Tm (%s) Tj ET" % (
            _pdf_escape(title), _pdf_escape(bullet))
        objs.append(_stream(ops))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % len(objs))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    path = tmp_path / "deck.pdf"
    path.write_bytes(assemble_pdf(objs, 1))
    doc = parse(path)
    assert [s.heading for s in doc.iter_sections() if s.level] == [t for t, _ in slides]
