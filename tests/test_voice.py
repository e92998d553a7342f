"""Whose voice a sentence is in (jfp.engine.voice): the plan's own bodies, someone else, or its context.

Each case is a sentence a reviewer reads one way; positive and negative cases for every way a
sentence can speak, so that a change to the grammar or the vocabularies that moves one of them
fails here before it moves an accuracy figure.
"""
from __future__ import annotations

import pytest
from enginedata import body_passages, shipped_pack

from jfp.engine.reading import models_for
from jfp.engine.voice import INHERIT, OTHER, OWN, VIEWS


@pytest.fixture(scope="module")
def model():
    return models_for(shipped_pack())[0]


@pytest.mark.parametrize("sentence, reason", [
    ("We will open two community diagnostic centres by March 2026.", "first person"),
    ("By March 2027, we will recruit 40 research nurses.", "first person"),
    ("Our neighbourhood teams will visit every care home each month.", "first person"),
    ("The ICB will publish its green plan in May 2025.", "own body"),
    ("NHS Kestrel Coast ICB has agreed a three-year contract with the hospice.", "own body"),
    ("Northdale Place Board agreed the priorities in March.", "own body"),
    ("The Partnership will open two family hubs in Northdale by 2026.", "own body"),
    ("This can be difficult in rural areas; however, we must plan for it.", "first person"),
    # A present-tense verb straight after the whole name of one of the plan's bodies.
    ("The ICB obtains clinical and public health advice in three ways.", "own body"),
    ("The Trust runs community services across both places.", "own body"),
    # Others' views used by the plan's own step are not a view: only "we heard" or "residents
    # told us" in the clause head makes a sentence one.
    ("We will review these services every year using the views of a lived-experience panel.", "first person"),
    # A duty in a later clause is not the ICB's main verb.
    ("The ICB will cut costs by 30 per cent, and the shared service is expected to save £6 million a year.",
     "own body"),
])
def test_the_plans_own_bodies_speak(model, sentence, reason):
    reading = model.read(sentence)
    assert (reading.voice, reading.reason) == (OWN, reason)


@pytest.mark.parametrize("sentence, reason", [
    ("ICBs must publish a joint forward plan before the start of each financial year.", "restated"),
    ("A health and wellbeing board must respond with its opinion on the draft.", "restated"),
    ("ICSs should create a joint board for children's services.", "restated"),
    ("The Act requires ICBs to plan for five years.", "restated"),
    ("The plan must summarise what consultees said and explain how their views were reflected.", "restated"),
    ("Each ICB should set out how it will involve the public.", "restated"),
    ("The ICB must set out how it will discharge its duties.", "restated"),
    ("When the plan is prepared, the ICB and partner trusts must consult the public.", "restated"),
    ("We must have regard to the need to reduce inequalities.", "restated"),
    ("NHS England will publish further guidance in the spring.", "other body"),
    ("Research shows that people who feel connected live longer.", "other body"),
    ("The Director of Strategy said the ICB would open three hubs by 2026.", "reported"),
    ("It was noted that the plan would be refreshed annually.", "reported"),
    ('"We will open three hubs," said the chief executive.', "reported"),
    ("We recommend that ICBs publish a summary of their plan.", "recommends"),
    ("In this briefing, we focus on the triple aim.", "outside"),
    # "partner trusts are": the -s word before a verb is a noun, so the duty is the main verb.
    ("The ICB and partner trusts are legally obliged to involve the public.", "restated"),
    ("Our review of published plans suggests five lessons.", "outside"),
])
def test_anyone_else_is_another_voice(model, sentence, reason):
    reading = model.read(sentence)
    assert (reading.voice, reading.reason) == (OTHER, reason)


@pytest.mark.parametrize("sentence, reason", [
    ("Waiting times for autism assessments will fall to 18 weeks by 2026.", "thing"),
    ("It will open in 2026.", "pronoun"),
    ("Fund community partners to hold conversations in their own languages", "imperative"),
    ("Six integrated neighbourhood teams live", "fragment"),
    ("Providers will share one quality and risk register from 2025/26.", "thing"),
    # A reporting verb as a pointer is no one speaking: the sentence's own verb decides.
    ("The targets described in chapter 3 will be met by March 2026.", "thing"),
    ("The ambitions are stated as trajectories so that progress can be seen.", "thing"),
    # A form's label ("Evidence used:") is not a subject and a verb.
    ("Evidence used: JSNA chapters and the GP patient survey by ethnicity.", "fragment"),
    # The subject's head is the pressure, not the ICB named after "on".
    ("But the pressure on ICB running costs makes it more likely that plans will become thinner.", "thing"),
])
def test_a_subject_nobody_listed_takes_its_voice_from_its_context(model, sentence, reason):
    reading = model.read(sentence)
    assert (reading.voice, reading.reason) == (INHERIT, reason)


def test_views_reported_are_consultation_evidence_only(model):
    assert model.read("Residents told us they wanted evening appointments.").voice == VIEWS


def test_the_main_clause_leaves_out_supporting_detail(model):
    focus = model.focus("we will expand our workforce, including research nurses and pharmacists.")
    assert "research" not in focus and "workforce" in focus


def test_a_list_of_population_groups_stands_for_everyone(model):
    focus = model.focus("it sets out our plans to improve outcomes for children, young people, families and adults in dorset.")
    assert "children" not in focus and "everyone" in focus


def test_a_borrowed_voice_follows_the_section():
    own = body_passages([("Ageing well", ["We will open two falls clinics in 2025.",
                                          "Waiting times for falls assessments will fall to six weeks by 2026."])],
                        assume_plan=False)
    assert [p.voice for p in own] == [OWN, OWN]
    other = body_passages([("What the guidance says", ["ICBs must describe how they will reduce falls.",
                                                       "Waiting times for falls assessments should fall."])],
                          assume_plan=False)
    assert all(p.strength is None for p in other)


def test_a_stated_voice_is_stronger_than_a_borrowed_one():
    passages = body_passages([("Ageing well", ["We will work with every practice on falls.",
                                               "Better joined-up falls care"])])
    assert passages[0].strength == "statement"
    assert passages[1].strength in (None, "mention")  # a fragment without a verb: a title line or a mention


def test_a_document_whose_we_is_an_outside_author_speaks_for_no_plan():
    passages = body_passages([("", ["This briefing looks at how ICBs plan.",
                                    "We interviewed leaders from 12 ICBs about their plans.",
                                    "We will publish a second report in 2026."])], assume_plan=False)
    assert all(p.strength is None for p in passages)


def test_one_outside_phrase_does_not_silence_a_plan_that_commits_throughout():
    commitments = [f"We will open {n} more community clinics in ward {n} by 2028." for n in range(2, 12)]
    passages = body_passages([("Making it happen", ["We support the partners' green plan and to help NHS Kestrel ICB we "
                                                    "share our data.", *commitments])], assume_plan=False)
    assert sum(p.strength == "commitment" for p in passages) >= 10


def test_a_place_plan_naming_itself_is_a_plan():
    passages = body_passages([("", ["Quarrington Together: our place plan for 2026 to 2031.",
                                    "We recently used our expertise to support Kestrel Coast ICB.",
                                    "We will open a wellbeing hub in September 2026."])], assume_plan=False)
    assert passages[-1].strength == "commitment"


def _report(sections):
    from enginedata import document

    from jfp.engine.evaluate import evaluate

    return evaluate([document(sections)], shipped_pack())


def test_guidance_is_not_a_plan_and_meets_nothing():
    report = _report([("Guidance on the joint forward plan", [
        "ICBs and their partner trusts must publish a joint forward plan before each financial year.",
        "The plan should describe how the ICB will reduce inequalities and promote research by 2027.",
        "Systems are encouraged to work with their health innovation network.",
    ])])
    assert "not-a-plan" in [w.code for w in report.document.warnings]
    assert all(r.status.value == "missing" for r in report.results)


def test_a_plan_with_pasted_guidance_is_still_a_plan():
    report = _report([
        ("What the guidance says", ["ICBs must set out how they will facilitate research."]),
        ("Research", ["We will double the number of people taking part in NIHR studies to 6,000 a year by 2027."]),
    ])
    assert "not-a-plan" not in [w.code for w in report.document.warnings]
    assert {r.id: r.status.value for r in report.results}["research"] != "missing"


# --- the duty on the plan's own verb, arrangements, trajectories ---------------------------

@pytest.mark.parametrize("sentence, duty", [
    ("We must move care closer to home.", True),
    ("We'll need to save 2% of our spending every year.", True),
    ("We will need to save 2% a year.", True),
    ("By March 2025 we will publish a protocol showing whose advice must be sought.", False),
    ("We will publish the list of services that must be offered in every place.", False),
])
def test_a_duty_counts_only_on_the_plans_own_verb(model, sentence, duty):
    reading = model.read(sentence)
    assert reading.voice == OWN and reading.duty is duty


def test_an_arrangement_of_who_takes_part_is_a_statement_not_a_definition():
    [member] = body_passages([("Getting the right advice", [
        "Both directors of public health are members of the board's population health committee."])])
    [definition] = body_passages([("Getting the right advice", [
        "Core20 is the most deprived fifth of the national population."])])
    assert member.strength is not None
    assert definition.strength is None and definition.reason == "description"


def test_a_board_paper_is_not_someone_elses_report(model):
    assert model.read("Every board and committee paper includes a triple aim impact section.").voice != OTHER
    assert model.read("This paper recommends that ICBs publish their plans.").voice == OTHER


def test_a_table_of_trajectories_by_period_is_the_plans_own():
    rows = [["Standard", "Dec 2024", "March 2026", "March 2027"],
            ["Elective: waiting under 18 weeks", "57%", "63%", "70%"]]
    plain_rows = [["Standard", "Provider", "Notes"], ["Elective: waiting under 18 weeks", "Trust", "57%"]]
    [trajectory] = body_passages([("Waiting times", [rows])], assume_plan=False)
    [other] = body_passages([("Waiting times", ["ICBs must publish their plans.", plain_rows])], assume_plan=False)[1:]
    assert trajectory.voice == OWN and trajectory.strength is not None
    assert other.strength is None


def test_a_population_figure_in_the_plans_own_future_step_is_not_a_context_fact(model):
    from jfp.engine.vocabulary import plain
    item = plain("mental health support teams in schools reaching 80% of pupils by September 2027")
    reading = model.read(item)
    lead_in = model.read("For them we will")
    assert model.is_context_fact(item, reading)  # alone, a share of pupils reads as a fact
    assert not model.is_context_fact(item, reading, lead_in, f"for them we will {item}")
    # An action item's figures are its targets, with or without a lead-in.
    action = plain("Open 8 family hubs | March 2028 | 75% of children at a good level of development")
    assert not model.is_context_fact(action, model.read(action))


@pytest.mark.parametrize("sentence, fact", [
    ("Ashby East is among the most deprived fifth of areas in England.", True),
    # The plan's own completed step, in its main clause or a later one, is not a fact about the area.
    ("When we chose the priorities we tested each one for the health and wellbeing of our population.", False),
    ("Ashby East is among the most deprived fifth of areas, and we have added two groups of our own.", False),
])
def test_a_fact_is_context_unless_the_plan_acts_on_it(model, sentence, fact):
    from jfp.engine.vocabulary import plain
    assert model.is_context_fact(plain(sentence), model.read(sentence)) is fact


@pytest.mark.parametrize("sentence, voice, reason", [
    ("Research: the ICB will facilitate research and the use of research evidence.", OWN, "own body"),
    ("Workforce: we will recruit 40 nurses by 2026.", OWN, "first person"),
    ("Note: ICBs must publish a plan each year.", OTHER, "restated"),
    # A quoted title and a bracketed aside belong to the label, however many words they have.
    ('Greywell City strategy, "Best start in life" (target: 75% of children ready for school): we will open '
     "8 family hubs.", OWN, "first person"),
    # A verb before the colon makes it a clause, not a label.
    ("The Board said this: we will open 8 family hubs.", OTHER, "reported"),
])
def test_a_label_before_a_colon_is_not_the_subject(model, sentence, voice, reason):
    reading = model.read(sentence)
    assert (reading.voice, reading.reason) == (voice, reason)


@pytest.mark.parametrize("sentence, imperative", [
    ("Work with the research delivery network to bring more studies to general practice.", True),
    ("Listen to residents in every place before each change.", True),
    ("Include research in contracts, so that providers are expected to offer studies.", True),
    ("Support for carers will grow each year.", False),
    ("Work for the council is varied.", False),
    # After a label or an opening phrase.
    ('Greywell City strategy, "Best start in life": open 8 family hubs with health visiting by March 2028.', True),
    ("By 2027, train 40 more health visitors.", True),
    ("Research: more studies in general practice.", False),
])
def test_action_items_in_the_imperative(model, sentence, imperative):
    assert (model.read(sentence).reason == "imperative") is imperative


def test_what_something_is_to_the_plan_is_its_own_voice(model):
    assert model.read("This plan is also our joint forward plan for 2026/27 to 2030/31.").voice == OWN
    core = model.read("Core20 is the most deprived fifth of the national population.")
    assert core.voice == INHERIT and core.description


def test_a_quoted_we_does_not_make_a_report_about_icbs_a_plan():
    report = _report([("What good engagement looked like", [
        "Residents told one ICB's team that they wanted a \"you said, we did\" table alongside the plan.",
        "ICSs should publish how the views they heard changed their plans.",
    ])])
    assert "not-a-plan" in [w.code for w in report.document.warnings]


def test_a_case_study_of_the_icb_is_written_about_it_not_by_it():
    story, own = body_passages([("Case study: the frailty virtual ward", [
        "The ICB worked with its health innovation network to adopt the platform and trained 300 staff.",
        "We will extend the virtual ward to heart failure patients by 2027.",
    ])])
    assert story.voice == OTHER and story.strength is None
    assert own.voice == OWN and own.strength == "commitment"


def test_the_plan_naming_itself_is_its_own_voice(model):
    reading = model.read("This strategic commissioning plan is also the joint forward plan of the ICB under section 14Z52.")
    assert reading.voice == OWN
    assert model.read("This briefing is a summary of what systems did.").voice == OTHER


def _status(report, rid):
    return next(r.status for r in report.results if r.id == rid)


def test_a_boards_own_letter_meets_p02_though_it_is_not_a_plan():
    report = _report([("", [
        "Thank you for presenting the final draft of the plan to the Board on 6 June.",
        "Kestrel Health and Wellbeing Board's final opinion is that the plan takes proper account of the "
        "Kestrel Joint Local Health and Wellbeing Strategy.",
    ])])
    assert "not-a-plan" in [w.code for w in report.document.warnings]
    assert _status(report, "hwb-opinion") == "met"


def test_views_reported_in_a_news_story_are_not_the_plans_summary_of_views():
    report = _report([("", [
        "The ICB said it had asked 3,000 residents for their views on its draft plan.",
        "Residents told the paper that GP access was their main worry, and a councillor said the plan was vague.",
    ])])
    assert "not-a-plan" in [w.code for w in report.document.warnings]
    assert _status(report, "consultation-summary") == "missing"
    assert _status(report, "public-involvement") == "missing"


def test_glossary_entries_outside_a_glossary_heading_are_not_evidence():
    entries = body_passages([("Words we use", [
        "Anchor institution: a large public organisation that is rooted in its community and can use its spending well.",
        "Health inequalities: unfair and avoidable differences in health between groups of people.",
        "Personalised care: people having choice and control over the way their care is planned.",
        "Virtual wards: care at home for people who would otherwise be in hospital.",
    ])], assume_plan=False)
    assert all(p.strength is None for p in entries)


@pytest.mark.parametrize("sentence, definition", [
    ("Health innovation network (HIN): one of 15 regional networks that help the NHS adopt innovations.", 2),
    ("Estates: a new hub opened in 2025 in Northdale.", 0),
    ("Estates: we will open a hub in Northdale.", 0),
    ("Priority 1: a healthy start for every child, with 40 health visitors.", 0),
    ("Same-day access: a hub in every town by 2027.", 0),
    ("Health inequalities: unfair and avoidable differences in health.", 1),
])
def test_the_shape_of_a_definition(model, sentence, definition):
    from jfp.engine.glossary_entries import definition_shape
    from jfp.engine.vocabulary import plain

    assert definition_shape(model, plain(sentence)) == definition


def test_one_label_line_among_the_plans_steps_is_not_a_glossary():
    passages = body_passages([("Our priorities", [
        "Virtual wards: care at home for people who would otherwise be in hospital.",
        "We will open 120 virtual ward beds by March 2027.",
    ])])
    assert passages[0].strength is not None and passages[1].strength == "commitment"


def test_a_table_whose_column_headings_name_the_requirement_is_about_it():
    table = [["What consultees said", "How the plan was changed"],
             ["Getting a GP appointment is the first concern (61% of responses)",
              "Section 3 now commits to same-day access hubs in every primary care network by March 2027"],
             ["The plan read as hospital-focused", "Part 3 now moves £14m to community services by 2027/28"]]
    report = _report([("Developing the plan", [
        "Between November 2024 and January 2025 we consulted 2,318 residents and 41 practices on a draft of this plan.",
        table])])
    assert _status(report, "consultation-summary") == "met"
    plain_rows = [["Service", "Change"], *table[1:]]
    report = _report([("Developing the plan", [plain_rows])])
    assert _status(report, "consultation-summary") == "missing"


def test_a_cover_sheets_bare_assertion_is_a_mention_of_the_plans_own():
    cover = [["Field", "Entry"], ["Paper reference", "MV-B-2024-061"], ["Presented by", "Director of Strategy"],
             ["Impact on the triple aim", "Positive"], ["Equality impact assessment", "Completed; appended to the full plan"]]
    report = _report([("Agenda item 9: Joint Forward Plan", [
        cover, "We will open four community diagnostic centres by March 2027 and recruit 40 nurses."])])
    assert _status(report, "wider-effects") == "partial"
    assert _status(report, "equality-duty") == "partial"


def test_a_two_column_table_with_real_answers_is_not_a_form():
    table = [["Duty", "How we meet it"],
             ["Integration", "We run five integrated neighbourhood teams, one per network, sharing one caseload."],
             ["Research", "We will fund 20 research nurses in primary care by 2027 and join 12 NIHR studies a year."],
             ["Climate", "We will cut our building emissions by 30% by 2028 against 2020."]]
    passages = body_passages([("How we meet our duties", [table])])
    assert [p.reason for p in passages] == ["", "", ""]
    assert passages[1].strength == passages[2].strength == "commitment"


def test_an_infographic_caption_is_not_a_step():
    caption, step = body_passages([("Money and quality", [
        "Caption: Our budget in 2024/25 is £2.9 billion; 52p in every £1 goes to hospital care.",
        "We will balance our books and get more value from every pound.",
    ])])
    assert caption.strength is None and step.strength is not None


def _markdown_passages(tmp_path, text):
    from jfp.engine.evidence import build_passages
    from jfp.parsers import parse

    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    return [p for p in build_passages([parse(path)], shipped_pack()) if p.reason not in ("heading", "title")]


def test_a_job_adverts_duties_are_the_readers_not_the_plans(tmp_path):
    advert = _markdown_passages(tmp_path, "# Head of Research and Innovation\n\nNHS Kestrel ICB is looking for a leader.\n\n"
                                "In this role you will:\n\n"
                                "- champion the adoption and spread of proven innovation with the health innovation network;\n"
                                "- build relationships with the NIHR regional research delivery network and the universities.\n")
    assert [p.strength for p in advert if p.text.startswith(("champion", "build"))] == [None, None]
    plan = _markdown_passages(tmp_path, "# Innovation\n\nWe will:\n\n"
                              "- adopt 12 proven innovations with the health innovation network by 2027.\n")
    assert plan[-1].strength == "commitment"


def test_a_bracketed_cross_reference_is_not_the_subject(model):
    # "(section 6)" in the subject is a cross-reference, not a statute's section speaking.
    aside = model.read("First, the Clinical and Care Professional Leadership Council (section 6) reviews every business case.")
    assert aside.voice != OTHER and "section" not in aside.subject.split()
    statute = model.read("Section 14Z52 requires each ICB to publish a joint forward plan.")
    assert statute.voice == OTHER



def test_as_a_result_opens_a_phrase_not_a_clause(model):
    reading = model.read("As a result we added the digital inclusion commitments (section 14), named Gypsy and "
                         "Traveller communities as a PLUS group, and added a disability check.")
    assert (reading.voice, reading.reason) == (OWN, "first person")
    # A real leading clause still ends at its comma.
    assert model.read("As we set out in chapter 3, the ICB must publish a plan.").voice == OTHER


def test_a_duty_inside_a_relative_clause_is_not_the_sentences_duty(model):
    inside = model.read("From 2025 every Board paper has a three-question box that must be completed before a decision.")
    assert inside.reason != "restated"
    assert model.read("Every plan must include a summary of views, which the board reviews.").reason == "restated"


def test_the_plans_pointer_names_the_topic_it_covers_elsewhere_so_it_is_partial():
    statuses = {r.id: r.status.value for r in _report([
        ("Our plan", ["We will open two urgent treatment centres by March 2026 and cut waits to 18 weeks by 2027."]),
        ("What is unchanged", ["We set out below only what has changed since our 2024 plan.",
                               "Research: see the 2024 plan, chapter 14."]),
    ]).results}
    assert statuses["research"] == "partial"
    assert statuses["innovation"] == "missing"  # not named by the pointer's label
