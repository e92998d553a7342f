"""Tests for stated periods, the plan's own year and P04 coverage (jfp.engine.horizon and evaluate)."""
from __future__ import annotations

import pytest
from enginedata import document, shipped_pack

from jfp.engine.evaluate import EvaluateOptions, evaluate
from jfp.engine.horizon import Span, any_of, detect_plan_year, parse_plan_year, spans_in, states_period
from jfp.engine.loader import load_pack
from jfp.engine.schema import HorizonPattern
from jfp.models import Status


def _shipped_horizon() -> HorizonPattern:
    (pattern,) = shipped_pack().find("P04").elements[0].patterns
    return pattern


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
def test_the_shipped_rule_states_five_years_in_these_words(text, five):
    assert states_period(text, any_of(_shipped_horizon().in_words)) is five


# --- detect_plan_year --------------------------------------------------------------------


def test_single_financial_year_in_title_wins():
    year, source = detect_plan_year("Joint Forward Plan 2024/25 to 2028/29: refresh for 2025/26",
                                    ["Published 1 March 2024"])
    assert year == 2025
    assert "title" in source


def test_single_financial_year_in_a_subtitle_line_counts_as_the_titles():
    # Markdown keeps the subtitle Word joins to the title as the next paragraph.
    front = ["NHS Harrowfield ICB", "Refresh for 2025/26, early draft", "Draft v0.2, 18 November 2024"]
    year, source = detect_plan_year("Joint Forward Plan 2023 to 2028", front)
    assert year == 2025 and source.startswith("title page")
    # A longer line or one further down is the front matter, not the subtitle.
    later = ["NHS Harrowfield ICB", "Draft v0.2, 18 November 2024", "For the working group", "Refresh for 2025/26"]
    assert detect_plan_year("Joint Forward Plan 2023 to 2028", later)[0] == 2024
    long_line = ["Our operational plan for 2025/26 sits alongside this plan and sets the year's targets."]
    assert detect_plan_year("Joint Forward Plan 2023 to 2028", long_line)[0] == 2023


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


# --- the period and its words are the rule's data: a three-year pack ---------------------

THREE_YEAR_RULE = """id: five-year-horizon
code: P04
kind: process
title: Covers the next three years
basis: A local three-year planning duty
summary: The plan covers three years from its own year.
guidance: Plans cover the next three years.
met: {needs_commitment: false}
elements:
  - id: three-year-period
    title: A stated period of three years from the plan's own year
    patterns:
      - kind: horizon
        years: 3
        short_by: 1
        own_period: [plan, 'covers?', covering, period, three years, 3 years]
        in_words: ['(?:next|coming)\\s+(?:three|3)\\s+years', 'three[\\s-]year']
examples:
  - text: "Over the next three years we will join up care for our population, with two hubs open by 2025 and four by 2026."
    counts: true
    element: three-year-period
    strength: commitment
  - text: "Over the next five years we will join up care for our population, with two hubs open by 2025 and four by 2028."
    counts: false
    note: a five-year phrase is not this pack's period
  - text: "This plan covers 2024/25 to 2026/27: we will open two hubs by 2025 and four by 2026."
    counts: true
    element: three-year-period
    strength: commitment
"""


@pytest.fixture(scope="module")
def three_year_pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three-year")
    (folder / "pack.yaml").write_text("id: three-year\ntitle: Three-year plans\nversion: '1'\nextends: jfp-2024-25\n",
                                      encoding="utf-8")
    (folder / "five-year-horizon.yaml").write_text(THREE_YEAR_RULE, encoding="utf-8")
    return load_pack(str(folder))


def _horizon_result(pack, title, paragraphs):
    report = evaluate([document([("Introduction", paragraphs)], title=title)], pack, EvaluateOptions())
    return next(r for r in report.results if r.code == "P04")


def test_a_three_year_pack_runs_its_own_examples(three_year_pack):
    from jfp.engine.examples import run_examples

    outcomes = run_examples(three_year_pack, "P04")
    assert len(outcomes) == 3 and all(o.passed for o in outcomes), [o.detail for o in outcomes]


# The plan's own steps, in four of the five years from 2025/26.
_STEPS_TO_2029 = "We will open two hubs by March 2026, four by March 2027 and six by March 2029."


@pytest.mark.parametrize(
    "text, three_year, five_year",
    [
        ("Over the next three years we will join up care for our population.", Status.met, Status.missing),
        ("Over the next five years we will join up care for our population.", Status.missing, Status.met),
        ("This plan covers 2025/26 to 2027/28 for our population.", Status.met, Status.missing),
        ("This plan covers 2025/26 to 2029/30 for our population.", Status.met, Status.met),
    ],
)
def test_each_pack_counts_its_own_period(three_year_pack, text, three_year, five_year):
    # The same steps, read against each pack's period: they reach the end of both.
    title = "Joint Forward Plan 2025/26"
    assert _horizon_result(three_year_pack, title, [text, _STEPS_TO_2029]).status is three_year
    assert _horizon_result(shipped_pack(), title, [text, _STEPS_TO_2029]).status is five_year


def test_the_tolerance_is_the_rules(three_year_pack):
    # A full-length period stated a year earlier, two of three years left (short by one): a
    # mention in the three-year pack, named in the gap.
    result = _horizon_result(three_year_pack, "Joint Forward Plan 2025/26", ["This plan covers 2024/25 to 2026/27.",
                                                                          _STEPS_TO_2029])
    assert result.status is Status.partial and "2 year(s)" in result.gap and "not 3" in result.gap
    # Five years stated two years ago, three left, in the shipped pack (short by two): also a mention.
    result = _horizon_result(shipped_pack(), "Joint Forward Plan 2025/26", ["This plan covers 2023/24 to 2027/28.",
                                                                         _STEPS_TO_2029])
    assert result.status is Status.partial and "not 5" in result.gap


def test_a_shorter_period_is_not_the_horizon_whatever_the_tolerance():
    # A plan that states three years ("2025/26 to 2027/28") has not planned for five: missing,
    # where a stale five-year period with three years left is partial (above).
    result = _horizon_result(shipped_pack(), "Joint Forward Plan 2025/26", ["This plan covers 2025/26 to 2027/28.",
                                                                         _STEPS_TO_2029])
    assert result.status is Status.missing and "3 year(s)" in result.gap


def test_a_tolerance_as_long_as_the_period_is_refused(tmp_path):
    from jfp.errors import UsageError

    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: bad\ntitle: Bad\nversion: '1'\nextends: jfp-2024-25\n", encoding="utf-8")
    (folder / "five-year-horizon.yaml").write_text(THREE_YEAR_RULE.replace("short_by: 1", "short_by: 3"),
                                                  encoding="utf-8")
    with pytest.raises(UsageError, match="short_by"):
        load_pack(str(folder))


def test_a_pointer_to_a_five_year_plan_is_not_this_texts_period():
    # A press release pointing to the plan ("You can read the five-year plan on our website")
    # names another text's period; the same words stated as the plan's own are its period.
    _, pointed = _p04("Greywell ICB news, 2025/26", ["You can read the five-year plan on our website.", _STEPS],
                      plan_year="2025/26")
    assert pointed.status.value == "missing"
