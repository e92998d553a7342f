"""Each board the plan names: P02 judged per board without --hwb (jfp.engine.boards)."""
from __future__ import annotations

from enginedata import document, passage, shipped_pack

from jfp.engine.boards import boards_named
from jfp.engine.evaluate import EvaluateOptions, evaluate


def _status(sections, rule="hwb-opinion", **options):
    report = evaluate([document(sections, title="Joint Forward Plan 2025/26 to 2029/30")], shipped_pack(),
                      EvaluateOptions(**options))
    return {r.id: r for r in report.results}[rule]


_PLAN = ("Our plan", ["We will open two urgent treatment centres by March 2026 and cut waits to 18 weeks by 2027."])
_BOTH = ("Health and wellbeing boards", [
    "We shared the draft with the Greywell City Health and Wellbeing Board and the Osterley County Health and "
    "Wellbeing Board in April 2025.",
])


def test_the_places_of_the_boards_a_plan_names_in_full():
    texts = ["Greywell City Health and Wellbeing Board, 10 June 2025: the Board endorses the plan.",
             "Each Health and Wellbeing Board was asked; the Osterley County Council's Health and Wellbeing Board met.",
             "Both Health and Wellbeing Boards agreed."]
    assert boards_named([passage(i, t) for i, t in enumerate(texts)]) == ("Greywell", "Osterley")


def test_a_strategy_named_for_its_place_names_its_board():
    texts = ["Steps for the Dunsford County Joint Local Health and Wellbeing Strategy 2024 to 2029.",
             "The Marram Coast Health and Wellbeing Strategy is being refreshed.",
             "Our health and wellbeing strategy work continues."]
    assert boards_named([passage(i, t) for i, t in enumerate(texts)]) == ("Dunsford", "Marram Coast")


def test_steps_for_one_of_two_named_strategies_are_partial():
    steps = ("Health and wellbeing strategies", [
        "For the Dunlow Health and Wellbeing Strategy we will fund a family weight service for 400 families from 2027.",
        "The Marram Coast Health and Wellbeing Strategy is being refreshed and we will respond when it is published.",
    ])
    assert _status([_PLAN, steps], rule="jlhws").status.value == "partial"


def test_one_board_named_is_no_footprint():
    assert boards_named([passage(0, "The Greywell Health and Wellbeing Board endorses the plan.")]) == ()


def test_one_boards_opinion_among_two_named_is_partial_and_the_gap_names_the_other():
    opinion = ("Letter from Greywell City Health and Wellbeing Board", [
        "It is the opinion of the Board that the plan takes proper account of the Greywell City Joint Local "
        "Health and Wellbeing Strategy.",
    ])
    result = _status([_PLAN, _BOTH, opinion])
    assert result.status.value == "partial"
    assert "Osterley" in (result.gap or "")


def test_each_named_boards_opinion_is_met():
    letters = [
        ("Letter from Greywell City Health and Wellbeing Board", [
            "It is the opinion of the Board that the plan takes proper account of our joint local health and "
            "wellbeing strategy."]),
        ("Letter from Osterley County Health and Wellbeing Board", [
            "The Board is assured that the plan takes proper account of our joint local health and wellbeing "
            "strategy, and endorses the plan."]),
    ]
    assert _status([_PLAN, _BOTH, *letters]).status.value == "met"


def test_the_users_boards_replace_the_named_ones():
    opinion = ("Letter from Greywell City Health and Wellbeing Board", [
        "It is the opinion of the Board that the plan takes proper account of the Greywell City Joint Local "
        "Health and Wellbeing Strategy.",
    ])
    assert _status([_PLAN, _BOTH, opinion], hwb=("Greywell",)).status.value == "met"


_STRATEGIES = "Joint local health and wellbeing strategies"
_GREYWELL_STEPS = ("To implement the Greywell City Joint Local Health and Wellbeing Strategy, whose first priority is "
                   "healthy weight, we will fund 400 places a year on weight management programmes from April 2026.")


def test_steps_for_one_of_two_named_boards_strategies_are_partial():
    # S04 needs steps for each strategy: the other board's is only "supported".
    result = _status([_PLAN, _BOTH, (_STRATEGIES, [_GREYWELL_STEPS])], rule="jlhws")
    assert result.status.value == "partial"
    assert "Osterley" in (result.gap or "")


def test_steps_for_each_named_boards_strategy_are_met():
    osterley = ("For the Osterley County Health and Wellbeing Strategy 2024-2029, whose priority is falls, we will "
                "fund a falls prevention service in each of the six county localities by March 2027.")
    result = _status([_PLAN, _BOTH, (_STRATEGIES, [_GREYWELL_STEPS, osterley])], rule="jlhws")
    assert result.status.value == "met"


def test_a_mere_mention_of_the_other_boards_strategy_is_no_step_for_it():
    supports = "This plan also supports the Osterley County Joint Local Health and Wellbeing Strategy."
    result = _status([_PLAN, _BOTH, (_STRATEGIES, [_GREYWELL_STEPS, supports])], rule="jlhws")
    assert result.status.value == "partial"
    assert "Osterley" in (result.gap or "")


def test_a_strategys_label_line_names_the_board_of_the_steps_under_it():
    label = "Osterley County Joint Local Health and Wellbeing Strategy 2024-2029 (priorities: falls and loneliness)."
    steps = ("We will deliver its first priority: a falls prevention service in each of the six county "
             "localities by March 2027, and support the council's loneliness network with £200,000 a year.")
    result = _status([_PLAN, _BOTH, (_STRATEGIES, [_GREYWELL_STEPS, label, steps])], rule="jlhws")
    assert result.status.value == "met"


def test_steps_for_each_named_strategy_under_its_own_heading_are_met():
    dunlow = ("Health and wellbeing strategies > Dunlow Health and Wellbeing Strategy 2025 to 2030",
              ["The ICB will fund a family weight service for 400 families a year from 2027."])
    marram = ("Health and wellbeing strategies > Marram Coast Health and Wellbeing Strategy 2024 to 2029",
              ["The ICB will place a community connector in each of the 9 rural neighbourhood teams by March 2027."])
    assert _status([_PLAN, dunlow, marram], rule="jlhws").status.value == "met"


def test_each_board_names_the_boards_the_sentence_before_it_named():
    agreed = ("Who agreed this plan", [
        "The plan was considered by Ferrowby Health and Wellbeing Board on 3 June 2026 and by Coldmere Health and "
        "Wellbeing Board on 10 June 2026. Each board gave its opinion that the final plan takes proper account of "
        "its joint local health and wellbeing strategy.",
    ])
    assert _status([_PLAN, agreed]).status.value == "met"
    only_one = ("Who agreed this plan", [
        "The plan was considered by Ferrowby Health and Wellbeing Board on 3 June 2026 and by Coldmere Health and "
        "Wellbeing Board on 10 June 2026. The Ferrowby board gave its opinion that the final plan takes proper "
        "account of its joint local health and wellbeing strategy.",
    ])
    assert _status([_PLAN, only_one]).status.value == "partial"
