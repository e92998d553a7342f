"""Rejoining PDF tables cut by a page break (``pdf_tables``) and the cell geometry it relies on (``pdf_cells``)."""
from __future__ import annotations

import math

from jfp.parsers.pdf_cells import CellGeometry
from jfp.parsers.pdf_layout import Table
from jfp.parsers.pdf_structure import Para
from jfp.parsers.pdf_tables import join_tables

HEADER = ["Objective", "Measure"]


def _table(page, rows, room=(80.0, 80.0), lead=((30.0, 30.0), (30.0, 30.0)), x0=70.0, x1=520.0):
    return Table(page, x0, x1, 100.0, 700.0, [list(r) for r in rows], list(room), [list(r) for r in lead], 2.5)


def _para(text, page):
    return Para(text, page, 10.0, False, 1, False, 100.0, 70.0)


def test_repeated_header_dropped_and_rows_appended():
    first = _table(1, [HEADER, ["Safer care", "Falls down 20%"]])
    second = _table(2, [HEADER, ["Better experience", "FFT over 92%"]])
    out = join_tables([first, second])
    assert out == [first]
    assert first.rows == [HEADER, ["Safer care", "Falls down 20%"], ["Better experience", "FFT over 92%"]]


def test_row_cut_by_the_page_end_is_finished_not_repeated():
    # Every cell going on had no room left for its next word: the row was cut.
    first = _table(1, [HEADER, ["Earlier recognition of", "NEWS2 in all"]], room=(10.0, 4.0))
    second = _table(2, [HEADER, ["deterioration", "settings by 2026"], ["Next", "Row"]], lead=((0, 0), (60.0, 40.0)))
    join_tables([first, second])
    assert first.rows == [HEADER, ["Earlier recognition of deterioration", "NEWS2 in all settings by 2026"], ["Next", "Row"]]


def test_new_row_whose_first_word_had_room_stays_a_row():
    # Lower-case first cells are no sign of a cut row: this word would have fitted above.
    first = _table(1, [HEADER, ["the neighbourhood team model", "49%"]], room=(70.0, 80.0))
    second = _table(2, [["shared care records", "37%"]], lead=((30.0, 15.0), (0, 0)))
    join_tables([first, second])
    assert first.rows[-2:] == [["the neighbourhood team model", "49%"], ["shared care records", "37%"]]


def test_cut_row_going_on_in_one_cell_only():
    first = _table(1, [HEADER, ["shared care", "81%"]], room=(20.0, 80.0))
    second = _table(2, [["records", ""]], lead=((40.0, 0.0), (0, 0)))
    join_tables([first, second])
    assert first.rows == [HEADER, ["shared care records", "81%"]]


def test_only_adjacent_tables_of_the_same_shape_on_consecutive_pages_join():
    a = _table(1, [HEADER, ["a", "b"]])
    other_cols = _table(2, [["x", "y", "z"]])
    assert len(join_tables([a, other_cols])) == 2
    apart = _table(3, [HEADER, ["c", "d"]])
    assert len(join_tables([_table(1, [HEADER, ["a", "b"]]), apart])) == 2
    between = [_table(1, [HEADER, ["a", "b"]]), _para("A paragraph between.", 2), _table(2, [HEADER, ["c", "d"]])]
    assert len(join_tables(between)) == 3
    shifted = _table(2, [HEADER, ["c", "d"]], x0=150.0)
    assert len(join_tables([_table(1, [HEADER, ["a", "b"]]), shifted])) == 2


def test_cell_geometry_room_and_first_words():
    xs = [0.0, 100.0, 200.0]
    geo = CellGeometry(xs, 2)
    # Row 0, column 0: "Ab cd" on one line starting at x=5 (5 points of padding).
    geo.start(0, "A", 5)
    for ch, l0 in zip("Ab cd", (5, 10, 15, 20, 25)):
        geo.add(0, 0, ch, l0, l0 + 5, 10.0)
    # Row 1 (the last), column 1: two lines, each a run; the lower one ends at x=150.
    geo.start(1, "x", 105)
    for ch, l0 in zip("xyz", (105, 110, 115)):
        geo.add(1, 1, ch, l0, l0 + 5, 30.0)
    geo.start(1, "u", 105)
    for ch, l0 in zip("uv", (105, 145)):
        geo.add(1, 1, ch, l0, l0 + 5, 42.0)
    table = Table(1, 0.0, 200.0, 0.0, 50.0)
    geo.finish(table)
    assert table.lead[0][0] == 10.0  # "Ab": 5 to 15
    assert table.lead[1][1] == 15.0  # "xyz" ends its line
    assert table.room[1] == 200.0 - 5.0 - 150.0  # right rule, less padding, less the lower line's end
    assert table.room[0] == math.inf  # nothing in the last row's first cell
    assert table.space > 0


def test_table_running_over_three_pages_is_one_table():
    pages = [_table(1, [HEADER, ["a", "1"]]), _table(2, [HEADER, ["b", "2"]]), _table(3, [HEADER, ["c", "3"]])]
    out = join_tables(pages)
    assert out == [pages[0]]
    assert pages[0].rows == [HEADER, ["a", "1"], ["b", "2"], ["c", "3"]]
    assert pages[0].page == 1  # the table is cited where it starts
