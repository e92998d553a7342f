"""Tests for text normalisation, phrase regexes, the passage index and every matcher kind (jfp.engine.match)."""
from __future__ import annotations

import pytest
from enginedata import document, index_of, shipped_pack

from jfp.engine.match import (
    compile_pattern,
    make_acronym_expander,
    normalise,
    phrase_regex,
)
from jfp.engine.schema import FuzzyPattern, HeadingPattern, NearPattern, PhrasePattern, RegexPattern


def _find(pattern, *items) -> list[int]:
    return compile_pattern(pattern).find(index_of(*items))


def _phrase(*phrases: str, **extra) -> PhrasePattern:
    return PhrasePattern(kind="phrase", any=list(phrases), **extra)


# --- normalise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("The ICB Will", " the icb will "),
        ("long-term plan", " long term plan "),
        ("health and/or care", " health and or care "),
        ("the ICB's plan", " the icb plan "),
        ("the ICB\u2019s plan", " the icb plan "),
        ("50% of staff", " 50 percent of staff "),
        ("\u00a32m saved", " pound 2m saved "),  # plurals fold: "pounds" and "pound" meet
        ("two studies, three services", " two study three service "),
        ("Health & care", " health and care "),
        ("  spaced \t out\n text ", " spaced out text "),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_normalise_is_space_padded_so_word_matches_need_no_edge_cases():
    norm = normalise("Research")
    assert norm.startswith(" ") and norm.endswith(" ")


def test_acronym_expansion_appends_the_expansion_and_handles_plurals():
    expand = make_acronym_expander({"JLHWS": "joint local health and wellbeing strategy", "ICB": "integrated care board"})
    norm = normalise("Our JLHWSs and the ICB", expand)
    assert " jlhwss joint local health and wellbeing strategy " in norm
    assert " icb integrated care board" in norm


def test_acronym_expansion_is_case_sensitive_and_whole_word():
    expand = make_acronym_expander({"ARC": "applied research collaboration"})
    assert "applied research" not in normalise("a search for an arc of work", expand)
    assert "applied research" not in normalise("SEARCHING", expand)
    assert "applied research collaboration" in normalise("the ARC", expand)


def test_shipped_pack_acronyms_let_a_phrase_match_the_short_form():
    expand = make_acronym_expander(shipped_pack().acronyms)
    rx = phrase_regex(["joint local health and wellbeing strategy"])
    assert rx.search(normalise("We will deliver each JLHWS priority.", expand))


def test_empty_acronyms_leave_text_alone():
    assert normalise("the ICB", make_acronym_expander({})) == " the icb "


# --- phrase_regex ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, text, hit",
    [
        ("board", "the board met", True),
        ("board", "the boards met", True),
        ("board", "the boardroom", False),
        ("board", "onboard staff", False),
        ("community", "our communities", True),
        ("community", "the community", True),
        ("study", "two studies", True),
        ("process", "our processes", True),
        ("clinical trial*", "clinical trialling began", True),
        ("clinical trial*", "clinical trials", True),
        ("clinical trial*", "clinical pathways", False),
        ("health and wellbeing board", "Health-and-Wellbeing Boards", True),
        ("health and wellbeing board", "health and wellbeing strategy", False),
        ("long term plan", "long-term plans", True),
        ("net zero", "netzero", False),
        ("ICB", "icbs", True),
    ],
)
def test_phrase_regex(phrase, text, hit):
    assert bool(phrase_regex([phrase]).search(normalise(text))) is hit


def test_phrase_regex_any_of_several_phrases():
    rx = phrase_regex(["research hub", "clinical trial*"])
    assert rx.search(normalise("a new research hub"))
    assert rx.search(normalise("clinical trials unit"))
    assert not rx.search(normalise("a research strategy"))


# --- PassageIndex ------------------------------------------------------------------------


def test_candidates_narrow_by_the_rarest_word():
    texts = [f"health services in area {i}" for i in range(20)] + ["health network for research"]
    index = index_of(*texts)
    cands = index.candidates(["health network"])
    assert cands == {20}, "only the passage with the rare word 'network' should be a candidate"


def test_candidates_include_plural_and_stem_variants():
    index = index_of("our research networks", "clinical trialists", "nothing relevant")
    assert index.candidates(["research network"]) == {0}
    assert index.candidates(["clinical trial*"]) == {1}


def test_candidates_empty_when_a_word_is_absent():
    index = index_of("health services", "health care")
    assert index.candidates(["health hub"]) == set()


def test_candidates_never_miss_a_true_match():
    texts = ["The research hub opened", "a hub", "research", "research hubs in every place", "hub of research"]
    index = index_of(*texts)
    rx = phrase_regex(["research hub"])
    truth = {i for i, t in enumerate(texts) if rx.search(normalise(t))}
    assert truth == {0, 3}
    assert truth <= index.candidates(["research hub"])


def test_with_word_stem_and_y_plural():
    index = index_of("many communities", "a community", "commute times")
    assert index.with_word("community") == {0, 1}
    assert index.with_word("commun*") == {0, 1}
    assert index.with_word("comm*") == {0, 1, 2}


# --- phrase matcher ----------------------------------------------------------------------


def test_phrase_matcher_positive_and_negative():
    found = _find(_phrase("research hub"), "We opened a research hub.", "Our hub supports research.", "research hubs")
    assert found == [0, 2]


def test_phrase_matcher_results_in_document_order():
    found = _find(_phrase("net zero", "green plan"), "green plan one", "nothing", "net zero two", "green plans three")
    assert found == [0, 2, 3]


def test_exclude_drops_passages_with_the_excluded_phrase():
    pattern = _phrase("sustainable", exclude=["sustainable use of resources"])
    found = _find(pattern, "A sustainable, low carbon estate.", "The sustainable use of resources by NHS bodies.")
    assert found == [0]


def test_in_heading_limits_matches_to_named_sections():
    pattern = _phrase("targets", in_heading=["climate", "net zero"])
    found = _find(pattern, ("We set targets.", "Climate change"), ("We set targets.", "Finance"),
                  ("We set targets.", "Our net-zero plans"))
    assert found == [0, 2]


def test_in_heading_also_reads_a_table_rows_column_headings():
    from dataclasses import replace

    from jfp.engine.match import PassageIndex

    row = index_of("Open the hub | Director of Place | March 2027").passages[0]
    in_column = replace(row, header_norm=normalise("Action | Lead | Milestone"))
    plain_row = replace(row, id=1, header_norm=normalise("Action | Lead | Date"))
    pattern = RegexPattern(kind="regex", pattern=r"\b20[2-4]\d\b", in_heading=["milestone*"])
    assert compile_pattern(pattern).find(PassageIndex([in_column, plain_row])) == [0]


# --- regex matcher -----------------------------------------------------------------------


def test_regex_matcher_runs_on_normalised_text():
    pattern = RegexPattern(kind="regex", pattern=r"\bnet zero by 20\d\d\b")
    found = _find(pattern, "Net-Zero by 2040 for our direct emissions.", "Net zero soon.", "net zero by twenty forty")
    assert found == [0]


def test_regex_matcher_honours_exclude():
    pattern = RegexPattern(kind="regex", pattern=r"\bwaiting\b", exclude=["waiting room"])
    assert _find(pattern, "waiting times fall", "a new waiting room") == [0]


# --- near matcher ------------------------------------------------------------------------


def _near(within: int, *groups: list[str]) -> NearPattern:
    return NearPattern(kind="near", terms=list(groups), within=within)


def test_near_matches_within_n_words():
    assert _find(_near(5, ["research"], ["staff"]), "research nurses and other staff") == [0]


def test_near_is_order_independent():
    assert _find(_near(5, ["research"], ["staff"]), "staff who lead research") == [0]


def test_near_fails_beyond_n_words():
    text = "research is a big thing for us in many ways and so is our whole staff"
    assert _find(_near(5, ["research"], ["staff"]), text) == []
    assert _find(_near(20, ["research"], ["staff"]), text) == [0]


def test_near_needs_every_group():
    pattern = _near(10, ["research"], ["staff", "workforce"], ["training"])
    found = _find(pattern, "research workforce training", "research workforce plans", "research staff and training")
    assert found == [0, 2]


def test_near_terms_are_phrases_with_plurals_and_stems():
    pattern = _near(6, ["clinical trial*"], ["communit*"])
    assert _find(pattern, "clinical trials in deprived communities", "clinical work in communities") == [0]


def test_near_honours_exclude():
    pattern = NearPattern(kind="near", terms=[["board"], ["opinion"]], within=8, exclude=["will be asked"])
    found = _find(pattern, "The board gave its opinion.", "The board will be asked for its opinion.")
    assert found == [0]


# --- fuzzy matcher -----------------------------------------------------------------------

_OPINION = "opinion of the health and wellbeing board"


def _fuzzy(*phrases: str, threshold: int = 90) -> FuzzyPattern:
    return FuzzyPattern(kind="fuzzy", any=list(phrases), threshold=threshold)


@pytest.mark.parametrize(
    "text",
    [
        "We received the opinion of the health and wellbeing board in May.",
        "The opinion of the helth and wellbeing board was positive.",
        "The opinion of the health and welbeing board was positive.",
        "The opinion of the health & wellbeing boards was positive.",
    ],
)
def test_fuzzy_matches_exact_and_near_spellings(text):
    assert _find(_fuzzy(_OPINION), text) == [0]


def test_fuzzy_matches_a_misspelling_of_the_rarest_word():
    found = _find(
        _fuzzy(_OPINION),
        "The opinon of the health and wellbeing board was positive.",
        "In our opinion the plan is sound.",
        "Each health and wellbeing board met in May.",
        "The health and wellbeing board has a new chair.",
    )
    assert 0 in found


def test_fuzzy_short_passage_inside_long_phrase_does_not_match():
    # partial_ratio alone scores a short cell found inside the phrase as ~100.
    found = _find(_fuzzy(_OPINION), "Health and wellbeing boards", "wellbeing board", "Opinion")
    assert found == []


def test_fuzzy_needs_the_distinctive_words_not_just_a_similar_length():
    found = _find(_fuzzy(_OPINION), "The opinion of the finance and estates committee was sought")
    assert found == []


def test_fuzzy_threshold_controls_tolerance():
    text = "opinon of the helth and welbeing bord"
    assert _find(_fuzzy(_OPINION, threshold=100), text) == []
    assert _find(_fuzzy(_OPINION, threshold=100), "the " + _OPINION + " is positive") == [0]


# --- heading matcher ---------------------------------------------------------------------


def test_heading_matcher_takes_passages_under_a_matching_heading():
    pattern = HeadingPattern(kind="heading", any=["research"])
    found = _find(pattern, ("Any text at all here.", "5.3 Research and innovation"), ("Research text.", "Finance"),
                  ("More text.", "Researchers"))
    assert found == [0]


def test_heading_matcher_honours_exclude():
    pattern = HeadingPattern(kind="heading", any=["research"], exclude=["tbc"])
    found = _find(pattern, ("Text tbc.", "Research"), ("Real text.", "Research"))
    assert found == [1]


# --- max_strength ------------------------------------------------------------------------


def test_max_strength_caps_evidence_in_evaluation():
    """A capped pattern gives at most its max_strength, however concrete the passage."""
    from jfp.engine.evaluate import EvaluateOptions, evaluate
    from jfp.engine.loader import RulePack
    from jfp.engine.schema import Element, Rule

    def rule(max_strength):
        return Rule(
            id="topic", code="X01", kind="recommended", title="Topic", basis="b", summary="s", guidance="g",
            elements=[Element(id="e", title="E", patterns=[_phrase("research hub", max_strength=max_strength)])],
        )

    base = shipped_pack()
    doc = document([("Research", ["We will open a research hub in Harrowfield by March 2026."])])
    strengths = {}
    for cap in (None, "statement", "mention"):
        pack = RulePack(id="t", title="t", version="1", rules=[rule(cap)], vocabulary=base.vocabulary,
                        context=base.context, acronyms=base.acronyms)
        strengths[cap] = evaluate([doc], pack, EvaluateOptions()).results[0].elements[0].strength.value
    assert strengths == {None: "commitment", "statement": "statement", "mention": "mention"}


def test_matchers_are_compiled_once_per_pattern_object():
    pattern = _phrase("research")
    assert compile_pattern(pattern) is compile_pattern(pattern)


def test_compile_pattern_refuses_horizon():
    from jfp.engine.schema import HorizonPattern

    with pytest.raises(ValueError):
        compile_pattern(HorizonPattern(kind="horizon"))



def test_a_lower_case_main_clause_is_expanded_as_its_sentence_capitals_show():
    expand = make_acronym_expander({"SEND": "special educational needs and disabilities", "ICB": "integrated care board"})
    sentence = "Our SEND offer will reach every school by 2026, and we will send the ICB a report."
    clause = "our send offer will reach every school by 2026"
    assert expand.into(clause, sentence) == "our send special educational needs and disabilities offer will reach every school by 2026"
    # Without the capitals in the sentence, "send" is the verb and stays so.
    assert expand.into("we will send a report", "We will send a report.") == "we will send a report"
    assert make_acronym_expander({}).into("our send offer", sentence) == "our send offer"


def test_a_section_about_rule_takes_steps_on_other_topics_under_its_heading():
    """JLHWS steps are about the strategy's priorities (mental health): under a heading that names
    the strategy they count with ``about: section``, not with ``about: main-clause``."""
    from jfp.engine.evaluate import EvaluateOptions, evaluate
    from jfp.engine.loader import RulePack

    base = shipped_pack()
    jlhws = next(r for r in base.rules if r.id == "jlhws")
    assert jlhws.about == "section"
    doc = document([
        ("Our steps to implement the Harrowfield health and wellbeing strategy", [
            [["Strategy priority", "What we will do", "By when"],
             ["Good mental health for all", "Mental health practitioners in every primary care network", "2027"]],
        ]),
    ])

    def strength(rule):
        pack = RulePack(id="t", title="t", version="1", rules=[rule, *[r for r in base.rules if r.id != "jlhws"]],
                        vocabulary=base.vocabulary, context=base.context, acronyms=base.acronyms)
        result = next(r for r in evaluate([doc], pack, EvaluateOptions()).results if r.id == "jlhws")
        element = next(e for e in result.elements if e.id == "strategy-steps")
        return element.strength.value if element.strength else None

    assert strength(jlhws) == "commitment"
    assert strength(jlhws.model_copy(update={"about": "main-clause"})) is None
