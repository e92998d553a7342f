"""Tests for stated periods, the plan's own year and P04 coverage (jfp.engine.horizon and evaluate)."""
from __future__ import annotations

import pytest
from enginedata import document, shipped_pack

from jfp.engine.evaluate import EvaluateOptions, evaluate
from jfp.engine.horizon import Span, detect_plan_year, parse_plan_year, spans_in, states_five_years
from jfp.models import Status


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("This plan covers 2024/25 to 2028/29.", 2024, 2028),
        ("from 2024-25 to 2028-29", 2024, 2028),
        ("2024/25 \u2013 2028/29", 2024, 2028),
        # Calendar ranges are read as the financial years they span.
        ("Our strategy for 2023 to 2028", 2023, 2027),
        ("the five years from April 2024 to March 2029", 2024, 2028),
        ("Plan 2024-2026", 2024, 2025),
    ],
)
def test_spans_in(text, start, end):
    spans = spans_in(text)
    assert [(s.start, s.end) for s in spans] == [(start, end)]


@pytest.mark.parametrize("text", ["Our 2024/25 priorities", "by 2027", "in March 2026", "2028 to 2024"])
def test_no_span_without_a_forward_range(text):
    assert spans_in(text) == []


def test_a_financial_year_range_is_not_also_read_as_a_calendar_range():
    assert len(spans_in("2024/25 to 2028/29")) == 1


@pytest.mark.parametrize(
    "span, plan_year, covered",
    [
        ((2024, 2028), 2024, 5),
        ((2024, 2028), 2025, 4),
        ((2023, 2027), 2025, 3),
        ((2026, 2030), 2025, 5),
        ((2020, 2023), 2025, 0),
        ((2025, 2025), 2025, 1),
    ],
)
def test_covered_from(span, plan_year, covered):
    assert Span(*span, text="").covered_from(plan_year) == covered


@pytest.mark.parametrize("value, year", [("2025/26", 2025), ("2025-26", 2025), ("2025", 2025), ("next year", None)])
def test_parse_plan_year(value, year):
    assert parse_plan_year(value) == year


@pytest.mark.parametrize(
    "text, five",
    [("over the next five years", True), ("our five-year plan", True), ("a 5 year strategy", True),
     ("five priorities this year", False)],
)
def test_states_five_years(text, five):
    assert states_five_years(text) is five


# --- detect_plan_year --------------------------------------------------------------------


def test_single_financial_year_in_title_wins():
    year, source = detect_plan_year("Joint Forward Plan 2024/25 to 2028/29: refresh for 2025/26",
                                    ["Published 1 March 2024"])
    assert year == 2025
    assert "title" in source


def test_range_in_title_gives_its_start():
    assert detect_plan_year("Joint Forward Plan 2024/25 to 2028/29", [])[0] == 2024


def test_dated_front_matter_line():
    year, source = detect_plan_year("Joint Forward Plan", ["Kestrel ICB", "Draft v0.9, 20 June 2025"])
    assert year == 2025
    assert "20 June 2025" in source


def test_later_of_date_and_title_range():
    # A 2025 refresh still titled "2023 to 2028" is a 2025 plan...
    assert detect_plan_year("Joint Forward Plan 2023 to 2028", ["Published 1 March 2025"])[0] == 2025
    # ... and a plan prepared in early 2024 for 2025 to 2030 starts in 2025.
    assert detect_plan_year("Joint Forward Plan 2025 to 2030", ["Published 1 March 2024"])[0] == 2025


def test_range_in_front_matter_when_title_and_dates_say_nothing():
    assert detect_plan_year("Joint Forward Plan", ["This plan covers 2024/25 to 2028/29."])[0] == 2024


def test_unknown_year():
    assert detect_plan_year(None, ["No year here."]) == (None, "")


# --- P04 through evaluate ----------------------------------------------------------------


def _p04(title: str | None, paragraphs: list[str], **options):
    report = evaluate([document([("Introduction", paragraphs)], title=title)], shipped_pack(),
                      EvaluateOptions(**options))
    return report, next(r for r in report.results if r.id == "five-year-horizon")


_STEPS = "We will open two community hubs by March 2026 and a third in Harrowfield by March 2029."


def test_five_year_period_from_the_plans_year_with_steps_to_its_end_is_met():
    report, p04 = _p04("Joint Forward Plan 2025/26", ["This plan covers 2025/26 to 2029/30 for our population.", _STEPS])
    assert report.plan_year == "2025/26"
    assert p04.status is Status.met


def test_a_period_alone_is_not_a_horizon():
    _, p04 = _p04("Joint Forward Plan 2025/26", ["This plan covers 2025/26 to 2029/30 for our population."])
    assert p04.status is Status.missing
    assert "dated steps" in p04.gap


def test_a_period_with_steps_that_stop_short_is_partial():
    _, p04 = _p04("Joint Forward Plan 2025/26", ["This plan covers 2025/26 to 2029/30 for our population.",
                                                 "We will open two hubs by March 2026 and a third by March 2027."])
    assert p04.status is Status.partial


def test_refresh_still_stating_an_old_period_is_partial_and_names_the_years():
    report, p04 = _p04("Joint Forward Plan: refresh for 2025/26",
                       ["This plan sets out our strategy for 2023 to 2028 for our population.",
                        "We will open two hubs by March 2026 and a third by March 2027."])
    assert report.plan_year == "2025/26"
    assert p04.status is Status.partial
    assert "3 year" in p04.gap and "2025/26" in p04.gap


def test_plan_year_option_overrides_the_plan():
    text = ["This plan covers 2024/25 to 2028/29 for our population.",
            "We will open two hubs by March 2027 and a third by March 2028."]
    _, read = _p04("Joint Forward Plan 2024/25", text)
    report, given = _p04("Joint Forward Plan 2024/25", text, plan_year="2026/27")
    assert read.status is Status.met
    assert report.plan_year == "2026/27"
    assert given.status is Status.partial
    assert "2026/27" in given.gap


def test_no_stated_period_is_missing():
    _, p04 = _p04("Joint Forward Plan 2025/26", ["We will open a new hub in Harrowfield."])
    assert p04.status is Status.missing


def test_pack_default_year_applies_when_the_plan_has_none():
    report, p04 = _p04(None, ["Over the next five years we will join up care for our population.",
                              "We will open two hubs by March 2025 and a third by March 2028."])
    assert report.plan_year == shipped_pack().default_horizon_start
    assert p04.status is Status.met  # "the next five years" with the plan's own steps to its end


def test_four_digit_financial_year_range():
    assert [(s.start, s.end) for s in spans_in("This plan covers 2024/2025 to 2028/2029.")] == [(2024, 2028)]
