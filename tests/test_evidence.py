"""Tests for sentence splitting, sentence judging and section/table context (jfp.engine.evidence)."""
from __future__ import annotations

import pytest
from enginedata import body_passages, document, judged, shipped_pack

from jfp.engine.evidence import build_passages
from jfp.engine.reading import split_sentences

# --- split_sentences ---------------------------------------------------------------------


def test_split_plain_sentences():
    assert split_sentences("We met. They agreed! Did it work? Yes.") == ["We met.", "They agreed!", "Did it work?", "Yes."]


@pytest.mark.parametrize(
    "text",
    [
        "Services for adults, e.g. Stop smoking support, are funded.",
        "The main risk, i.e. Workforce supply, is rising.",
        "Dr. Patel chairs the board.",
        "Spending rose by 2.5 per cent this year.",
        "See para. 4 for the details.",
    ],
)
def test_split_keeps_abbreviations_and_decimals_together(text):
    assert split_sentences(text) == [text]


def test_split_after_an_abbreviation_inside_a_longer_paragraph():
    text = "Dr. Smith leads our work, e.g. on research. Spending rose by 2.5 per cent. It was good."
    assert split_sentences(text) == [
        "Dr. Smith leads our work, e.g. on research.",
        "Spending rose by 2.5 per cent.",
        "It was good.",
    ]


def test_split_needs_a_capital_or_digit_after_the_stop():
    assert split_sentences("Costs fell. and then rose.") == ["Costs fell. and then rose."]
    assert split_sentences("Costs fell. 2025 was better.") == ["Costs fell.", "2025 was better."]


def test_split_empty_and_whitespace():
    assert split_sentences("") == []
    assert split_sentences("   ") == []


# --- judge: not evidence -----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "ICBs must set out how they will reduce inequalities in access and outcomes.",
        "The plan should describe how the ICB will involve each patient in decisions.",
        "Plans could include arrangements for at-scale provider collaboratives.",
        "Each ICB must obtain appropriate advice from a broad range of experts.",
        "The guidance requires the plan to cover research and innovation.",
    ],
)
def test_guidance_voice_is_not_evidence(sentence):
    assert judged(sentence) == [(None, "restated")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Health services should be integrated with social care across the area.",
        "Research findings ought to inform commissioning decisions in every place.",
    ],
)
def test_duty_words_without_the_plans_own_voice_are_not_evidence(sentence):
    assert judged(sentence)[0][0] is None


def test_duty_words_in_the_plans_own_voice_are_evidence():
    strength, _ = judged("We must reduce waiting times across all of our hospitals.")[0]
    assert strength is not None


@pytest.mark.parametrize(
    "sentence",
    ["[TO DO: add the research section]", "[TBC] We will set out our research plans here.",
     "Lorem ipsum dolor sit amet, we will deliver."],
)
def test_placeholders_are_not_evidence(sentence):
    assert judged(sentence)[0] == (None, "placeholder")


def test_a_paragraph_that_asks_for_its_text_is_a_drafting_note_throughout():
    note = ("Owner: Director of Strategy - please draft. Suggest we use the neighbourhood health material from "
            "the October Board seminar. We will open two new community diagnostic centres by March 2026.")
    assert [s for s, _ in judged(note)] == [None]
    # The request words later in a paragraph of content cap only their own sentence.
    content = "We will open two new community diagnostic centres by March 2026. Please add the sites."
    assert [s for s, _ in judged(content)] == ["commitment", None]


def test_the_title_as_a_paragraph_is_read_once_as_the_title():
    # Word's Title style is a paragraph of the preamble and the document's title (here joined
    # with its subtitle in another order): the title is never evidence, in any format.
    doc = document([("", ["You said, we did: Riverside ICB Joint Forward Plan 2025 to 2030", _CONCRETE])],
                   title="Riverside ICB Joint Forward Plan 2025 to 2030: You said, we did")
    passages = build_passages([doc], shipped_pack())
    assert [(p.text, p.strength) for p in passages if p.strength] == [(_CONCRETE, "commitment")]
    assert [p.reason for p in passages if p.text.startswith("You said")] == ["title"]


def test_a_documents_name_and_period_is_no_date_for_a_step():
    assert judged("This plan also supports the Osterley Joint Local Health and Wellbeing Strategy 2025-2030.")[0][0] \
        == "statement"
    assert judged("We will fund 400 weight management places a year from 2026.")[0][0] == "commitment"


def test_text_the_plan_says_it_reproduces_is_the_other_documents_words():
    passages = body_passages([
        ("Guidance for authors", ["The ICB will support local anchor institutions and publish a jobs plan by 2027.",
                                  "The text below is reproduced from NHS England's guidance on joint forward plans.",
                                  "The ICB and NHS providers will support local strategies on jobs by 2027."]),
        ("Our plan", [_CONCRETE]),
    ])
    assert [(p.strength, p.voice) for p in passages if p.strength] == [("commitment", "own"), ("commitment", "own")]
    assert passages[2].voice == "other" and passages[2].reason == "quoted"


def test_an_outside_organisations_chapter_speaks_for_that_organisation():
    passages = body_passages([
        ("3.1 Greywell Hospitals NHS Foundation Trust", ["We will open 20 virtual ward beds by March 2026."]),
        ("3.3 Greywell Borough Council", ["We will fund 40 refuge places for women and children by 2026."]),
        ("3.4 Working with Greywell Borough Council", ["We will fund 40 extra care home placements by 2026."]),
    ])
    assert [(p.strength, p.reason) for p in passages] == [("commitment", ""), (None, "other chapter"),
                                                         ("commitment", "")]


def test_impersonal_label_sentences_are_not_evidence():
    assert judged("Partnership working and integration of services for local people.")[0][0] is None
    assert judged("Integrated care across the whole of the local area.")[0][0] is None


# --- judge: weak evidence ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    ["We do not yet have a green plan for the system.", "A shared care record has yet to be agreed by partners.",
     "The ICB has not yet developed a research strategy.",
     "This plan does not include specific steps for victims of domestic or sexual abuse.",
     "No estates strategy has been adopted by the ICB.",
     "We have not yet agreed how the ICB will support research."],
)
def test_an_absence_stated_is_not_evidence(sentence):
    # The labels of every blind set read "we have no X" as nothing on X, not as touching it.
    assert judged(sentence)[0] == (None, "negated")


@pytest.mark.parametrize(
    "sentence",
    ["We do not yet have a green plan for the system; we will publish one by March 2026.",
     "A shared care record has yet to be agreed, but the partners will choose a supplier this year."],
)
def test_an_absence_with_the_plans_intent_after_it_is_a_mention(sentence):
    assert judged(sentence)[0] == ("mention", "negated")


def test_a_numbered_run_in_heading_is_a_title_not_a_label(tmp_path):
    from jfp.parsers import parse

    path = tmp_path / "excerpt.txt"
    path.write_text("8. Digital and choice\n\n8.2 Patient choice. We offer a choice of provider at every referral."
                    "\n", encoding="utf-8")
    passages = build_passages([parse(path)], shipped_pack())
    judged_lines = {p.text: (p.strength, p.reason) for p in passages}
    assert judged_lines["8.2 Patient choice."] == (None, "title")
    assert judged_lines["We offer a choice of provider at every referral."][0] == "statement"


@pytest.mark.parametrize(
    "sentence",
    ["We will explore options for a research hub.", "We will consider how best to support carers.",
     "We remain committed to reducing health inequalities.", "We will explore a research hub by March 2026."],
)
def test_vague_intent_is_a_mention_even_with_a_date(sentence):
    assert judged(sentence)[0][0] == "mention"


# --- judge: statements and commitments ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "We will open two new community diagnostic centres by March 2026.",
        "We have launched a domestic abuse champions network across all trusts.",
        "Our aim is to cut smoking prevalence to 8 per cent among adults.",
        "The ICB has agreed a shared approach to commissioning with the councils.",
        "We will recruit 40 more research nurses across the system.",
    ],
)
def test_concrete_steps_are_commitments(sentence):
    assert judged(sentence)[0][0] == "commitment"


@pytest.mark.parametrize(
    "sentence",
    [
        "We work closely with local authorities to join up services for residents.",
        "Our clinicians help shape decisions about services across the area.",
    ],
)
def test_own_voice_without_concrete_detail_is_a_statement(sentence):
    assert judged(sentence)[0][0] == "statement"


def test_judging_is_per_sentence_within_a_paragraph():
    strengths = [s for s, _ in judged(
        "ICBs must promote research. We will recruit 40 research nurses by 2027. We will explore a research hub."
    )]
    assert strengths == [None, "commitment", "mention"]


# --- context: sections and tables that are never evidence --------------------------------

_CONCRETE = "We will open two new community diagnostic centres by March 2026."


@pytest.mark.parametrize("heading", ["Glossary", "Abbreviations and acronyms", "Contents", "Table of contents",
                                     "References"])
def test_glossary_contents_and_references_sections_are_not_evidence(heading):
    passages = body_passages([(heading, [_CONCRETE])])
    assert [p.strength for p in passages] == [None]


def test_same_text_in_the_body_is_evidence():
    assert [p.strength for p in body_passages([("Diagnostics", [_CONCRETE])])] == ["commitment"]


def test_map_of_duties_table_is_not_evidence():
    table = [
        ["Requirement", "Where to find it"],
        ["Duty in respect of research", "Section 5.3 Research and innovation"],
        ["Duty to promote integration", "Joining up care around people"],
    ]
    passages = body_passages([("Our plan", [table])])
    assert passages and all(p.strength is None for p in passages)


def test_the_plans_own_answer_in_a_map_is_judged_as_what_it_says():
    # "We uphold ..." in a map row is the plan's own statement, and its dated step a step; the
    # duty's name beside a bare section number, or beside the duty restated, is not evidence.
    table = [
        ["Requirement", "Where to find it"],
        ["Duty as to patient choice", "We uphold patients' legal rights to choice, as set out in the NHS Choice Framework."],
        ["Duty as to climate change", "We will cut carbon emissions by 80 per cent by 2032 (section 6)"],
        ["Duty in respect of research", "Section 5.3"],
        ["Duty as to patient choice", "The ICB must act with a view to enabling patients to make choices."],
    ]
    passages = body_passages([("Our plan", [table])])
    assert [p.strength for p in passages] == ["statement", "commitment", None, None]


def test_short_pointers_under_a_map_heading_are_not_evidence_but_full_answers_are():
    passages = body_passages([("How this plan meets the legal requirements", [
        "Research: see section 5.",
        "We will double the number of people taking part in NIHR studies in primary care to 6,000 a year by "
        "2027, and fund two research nurse posts in every place.",
    ])])
    assert [p.strength for p in passages] == [None, "commitment"]


def test_a_map_answer_pointing_to_a_document_of_the_plans_own_is_a_mention():
    table = [["Requirement", "How this plan meets it"],
             ["Duty as to climate change", "See our Green Plan 2025-2028, published separately. Each trust has one too."],
             ["Duty in respect of research", "See section 5."]]
    passages = body_passages([("Statutory requirements compliance matrix", [table])])
    assert [(p.strength, p.reason) for p in passages] == [("mention", "pointer"), (None, "pointer")]


def test_a_registers_item_number_is_no_detail_of_its_step():
    table = [["No.", "Commitment", "Lead", "By"],
             ["C9", "Promote patient choice.", "Director of Commissioning", "Ongoing"],
             ["C10", "Open 6 digital inclusion hubs x6 in libraries.", "Chief Digital Officer", "Ongoing"]]
    strengths = [p.strength for p in body_passages([("The commitments register", [table])])]
    assert strengths == ["statement", "commitment"]  # a step of the plan's own, with no detail


def test_a_commitments_registers_rows_are_the_plans_own_steps():
    table = [["No.", "Commitment", "Lead", "Due"],
             ["C25", "Discharge 90% of patients on the day they are ready to leave hospital.", "Director of Place",
              "March 2027"]]
    assert [p.strength for p in body_passages([("The commitments register", [table])])] == ["commitment"]


def test_a_line_of_register_numbers_points_to_the_rows_that_speak_for_themselves():
    passages = body_passages([("Where to find each requirement", ["C1, C2, C3 and C4.", "See C25.", "C5 to C8."]),
                              ("Research", ["C24 and C25."])])
    assert [(p.strength, p.reason) for p in passages] == [(None, "pointer")] * 3 + [("mention", "pointer")]


def test_the_plans_own_pointer_to_its_earlier_text_is_a_mention_in_the_body():
    # A refresh pointing back ("no change, see the 2024 plan") touches the topic; the same line
    # under a requirements-map heading is a map entry (above), never evidence.
    passages = body_passages([("What is unchanged", [
        "We set out below only what has changed since our 2024 plan.",
        "Quality: no change, see the 2024 plan, chapter 6.",
    ])])
    assert [(p.strength, p.reason) for p in passages][-1] == ("mention", "pointer")


def test_a_topic_label_then_only_where_to_read_about_it_is_a_pointer_however_long():
    passages = body_passages([("What is unchanged", [
        "We set out below only what has changed since our 2024 plan.",
        "Net zero and our green plan: see the 2024 plan, chapter 10, and the ICB Green Plan 2025-28 on our website.",
        "Net zero: we will cut the carbon from our estate by 40% by 2028, see the Green Plan 2025-28 for the detail.",
    ])])
    assert [(p.strength, p.reason) for p in passages][1:] == [("mention", "pointer"), ("commitment", "")]


def test_glossary_table_is_not_evidence():
    table = [
        ["Term", "Meaning"],
        ["ICB", "Integrated care board: we will commission services by 2026"],
        ["JLHWS", "Joint local health and wellbeing strategy"],
        ["PCN", "Primary care network"],
    ]
    passages = body_passages([("Working together", [table])])
    assert passages and all(p.strength is None for p in passages)


def test_table_rows_are_matched_with_their_header_but_quoted_alone():
    table = [
        ["What we heard", "How we took it into account"],
        ["People wanted evening appointments", "We added 200 evening GP appointments a week from April 2025"],
    ]
    (row,) = body_passages([("Engagement", [table])])
    assert row.strength == "commitment"
    assert "what we heard" in row.norm and "how we took it into account" in row.norm
    assert "What we heard" not in row.text
    assert "evening appointments" in row.text


def test_table_without_header_like_first_row_keeps_every_row():
    table = [
        ["We will open 3 hubs in 2025", "We will train 50 staff by 2026"],
        ["We will fund 10 posts in 2027", "We will cut waits by 2028"],
    ]
    rows = body_passages([("Priorities", [table])])
    assert len(rows) == 2 and all(r.strength == "commitment" for r in rows)


def test_passages_carry_section_and_position():
    passages = body_passages([("Research", ["We have launched a research hub."]), ("Climate", [_CONCRETE])])
    assert [(p.top_section, p.paragraph) for p in passages] == [("Research", 0), ("Climate", 1)]


def test_a_steps_table_under_a_map_heading_is_read_but_a_map_there_is_not():
    steps = [["Health and wellbeing board and strategy", "Priority", "Steps the ICB will take"],
             ["Northdale: Living Well 2023-2028", "Healthy weight",
              "Commission weight management in every neighbourhood by 2027, for 3,000 adults a year."]]
    duties = [["Requirement", "Where to find it"], ["Duty in respect of research", "Section 5.3"]]
    passages = body_passages([("How this plan meets our statutory duties", [steps, duties])])
    assert [p.strength for p in passages] == ["commitment", None]


def test_a_contents_page_run_into_one_paragraph_is_not_evidence():
    contents, step = body_passages([("Our plan", [
        "Our statutory duties 18 4.1 Patient choice 19 4.2 Research and innovation 20 4.3 Victims of abuse 21",
        "We will open 3 hubs by 2026 in 4 places and recruit 40 Nurses.",
    ])])
    assert contents.strength is None and contents.reason == "contents"
    assert step.strength == "commitment"


def test_a_share_or_weight_in_brackets_is_not_a_concrete_step():
    # A tender's weighted criteria say how much each counts, not what will be done by when.
    weights = "Key criteria: quality and innovation (40%), value (20%), integration and sustainability (20%), social value (10%)."
    assert judged(weights)[0][0] != "commitment"
    # A target with a baseline and a date is still a commitment, brackets or not.
    assert judged("We will raise hypertension control from 62% to 77% (the national ambition) by 2027.")[0][0] == "commitment"


def test_a_boards_opinion_goes_on_in_its_voice_after_the_board_speaks():
    # "Its final opinion is ..." after "X Health and Wellbeing Board met on ..." is the board's
    # statement (evidence of its opinion), not a sentence without a speaker.
    from enginedata import body_passages
    passages = body_passages([("What our health and wellbeing boards said", [
        "Westerhope Health and Wellbeing Board met on 20 May 2025. Its final opinion, recorded in the minutes, "
        "is that the joint forward plan takes proper account of its strategy.",
    ])])
    opinion = next(p for p in passages if p.text.startswith("Its final opinion"))
    assert (opinion.voice, opinion.reason) == ("other", "other body") and opinion.strength is not None
    # Without a board speaking first, the same sentence borrows no board's voice.
    alone = body_passages([("Notes", ["Partners met on 20 May 2025. Its final opinion is recorded in the minutes."])])
    assert next(p for p in alone if p.text.startswith("Its final")).reason != "other body"


def test_a_boards_letter_speaks_for_the_board_not_the_plan():
    passages = body_passages([("Letter from the Chair of Tayne Borough Health and Wellbeing Board", [
        "The Board is assured that the plan takes proper account of our strategy. We particularly welcome the "
        "steps on healthy weight.",
    ])])
    assert [(p.voice, p.reason) for p in passages] == [("other", "other body"), ("other", "other body")]


def test_text_before_any_heading_takes_the_documents_title_for_its_context():
    # A file titled "Glossary of terms ..." with no headings is a glossary: its definitions,
    # however they are worded, are never evidence.
    doc = document([("", ["Net zero: the point at which emissions are balanced. The NHS has committed to reach "
                          "net zero for the emissions it controls directly by 2040."])],
                   title="Glossary of terms used in this plan")
    passages = [p for p in build_passages([doc], shipped_pack()) if p.reason not in ("heading", "title")]
    assert passages and all(p.strength is None for p in passages)



def test_a_resolutions_items_are_the_resolving_bodys_own_words(tmp_path):
    from jfp.engine.evaluate import evaluate
    from jfp.parsers import parse

    path = tmp_path / "minutes.md"
    path.write_text("# Tayne Health and Wellbeing Board: minutes\n\n## Item 6: the joint forward plan\n\n"
                    "The Director of Strategy presented the final draft.\n\nRESOLVED: That the Board\n\n"
                    "- confirms its opinion that the Joint Forward Plan takes proper account of the Tayne Joint Local "
                    "Health and Wellbeing Strategy;\n- requests a progress report in October 2025.\n")
    doc = parse(path)
    items = [p for p in build_passages([doc], shipped_pack()) if p.text.startswith(("confirms", "requests"))]
    assert [(p.voice, p.reason) for p in items] == [("other", "other body"), ("other", "other body")]
    report = evaluate([doc], shipped_pack())
    assert {r.id: r.status.value for r in report.results}["hwb-opinion"] == "met"


def test_a_question_to_the_reader_is_not_evidence_but_one_putting_the_plans_proposal_is_a_mention():
    assert judged("How far do you agree that the NHS should reduce its carbon emissions, even if that means some changes "
                  "to how services are delivered?") == [
        (None, "question")]
    assert judged("Do you agree that we should bring GP, nursing, mental health and social care staff together in "
                  "neighbourhood teams in each of the 27 primary care network areas?") == [
        ("mention", "question")]
    # Not a question from its first word: a heading glued to the line after it is judged as usual.
    assert judged("We will fund 22 voluntary sector partners from April 2025. How will we do this?")[0] == (
        "commitment", "")


def test_the_later_sentences_of_a_reported_quotation_are_still_reported():
    passages = body_passages([("News", [
        'Our chief executive said: "This plan is about care closer to home. Over the next five years we will build '
        'integrated neighbourhood teams in every part of Kestlow. We are determined to close the gap." '
        "We will open two urgent treatment centres by March 2026.",
    ])])
    voices = [(p.voice, p.reason) for p in passages]
    assert voices[:3] == [("other", "reported")] * 3
    assert passages[3].voice == "own" and passages[3].strength == "commitment"


def test_a_legal_right_restated_is_not_the_plans_step():
    assert judged("The NHS Constitution gives you the right to choose your hospital for many treatments.")[0][0] is None
    assert judged("We will tell every patient referred for planned care that they have a legal right to choose "
                  "where, from April 2026.")[0][0] == "commitment"


def test_a_templates_prompts_are_not_the_plans_steps_but_its_answers_are():
    table = [["Template prompt", "ICB response", "Evidence and links"],
             ["C1. Explain how the ICB considered the wider effects of its decisions in developing the plan.",
              "To follow: awaiting the Board development session in May.", ""],
             ["C8. Describe how education and training will support an integrated workforce plan.",
              "See section F (workforce).", "Section F"],
             ["B1. Describe how services will be integrated.",
              "From April 2027 the community trust will run 17 neighbourhood teams with both councils.", "Annex B"]]
    passages = body_passages([("Plan template", [table])])
    assert [(p.strength, p.reason) for p in passages][:2] == [(None, "map"), (None, "map")]
    assert passages[2].strength == "commitment"


def test_an_enabling_plans_name_with_its_period_sets_no_date():
    assert judged("Our green plan 2022 to 2025 comes to an end this year.")[0][0] == "statement"
    assert judged("Our joint forward plan for 2026/27 to 2030/31 opens 17 neighbourhood teams.")[0][0] == "commitment"
    assert judged("A refreshed green plan will go to the ICB Board in July 2025 and will set out our net zero "
                  "actions.")[0] == ("mention", "vague")
