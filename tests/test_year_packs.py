"""The year packs (jfp-2025-26, jfp-2026-27): their rules' own examples, the pack chosen from the
plan, duties not yet in force, the footprint checked per body, `jfp rules diff` and their docs."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from clirun import invoke
from enginedata import document

from jfp.engine.commencement import pack_in_force
from jfp.engine.examples import run_example
from jfp.engine.loader import load_pack
from jfp.engine.select import choose
from jfp.errors import UsageError
from jfp.options import Options
from jfp.pipeline import check_documents

REPO = Path(__file__).resolve().parent.parent
YEARS = ("jfp-2025-26", "jfp-2026-27")
BASE_IDS = [r.id for r in load_pack("jfp-2024-25").rules]


def _examples() -> list:
    return list(_each_example())


def _each_example():
    for pid in YEARS:
        pack = load_pack(pid)
        for rule in pack.rules:
            if rule.id in pack.changes:
                for i in range(len(rule.examples)):
                    yield pytest.param(pid, rule.id, i, id=f"{pid}:{rule.id}-{i + 1}")


@pytest.mark.parametrize("pid, rule_id, index", _examples())
def test_year_rule_example(pid, rule_id, index):
    pack = load_pack(pid)
    rule = pack.find(rule_id)
    outcome = run_example(rule, index, rule.examples[index], pack)
    assert outcome.passed, f"{pid} {rule_id} example {index + 1}: {outcome.detail}"


@pytest.mark.parametrize("pid", YEARS)
def test_year_packs_keep_the_thirty_ids_and_source_every_new_element(pid):
    pack = load_pack(pid)
    ids = [r.id for r in pack.rules]
    assert ids[:30] == BASE_IDS  # the statutory base: same ids, same order
    for rule in pack.rules:
        if pack.changes.get(rule.id) == "new":
            assert rule.kind.value != "statutory", rule.id  # nothing new is statutory
            assert any(e.counts for e in rule.examples) and not all(e.counts for e in rule.examples), rule.id
            assert all(e.source for e in rule.elements if not e.topic), rule.id
    for path in (REPO / "rules" / pid).glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for element in data.get("elements", []) if path.name != "pack.yaml" else []:
            assert element.get("source") or element.get("topic"), f"{path.name}: {element['id']} has no source"


def test_the_2026_27_pack_adds_the_process_requirements_and_gates_unconfirmed_duties():
    pack = load_pack("jfp-2026-27")
    codes = {r.code: r for r in pack.rules}
    assert {"P06", "P07", "P08"} <= set(codes) and all(codes[c].kind.value == "process" for c in ("P06", "P07", "P08"))
    gated = {(r.id, e.id): e.commencement for r in pack.rules for e in r.elements if e.commencement}
    assert gated == {("abuse-victims", "victim-support-collaboration"): "unconfirmed",
                     ("children-young-people", "child-protection-teams"): "unconfirmed",
                     ("down-syndrome-ld", "down-syndrome-guidance"): "unconfirmed"}
    assert pack.default_horizon_start == "2026/27"


# ------------------------------------------------------------------ which pack, and why

def _plan(title, *paragraphs, heading="Our plan"):
    return document([(heading, list(paragraphs) or ["We will open two community hubs and recruit forty more district nurses across both of our places."])], title=title)


@pytest.mark.parametrize("title, pack, reason", [
    ("Joint Forward Plan 2024/25 to 2028/29", "jfp-2024-25", "plan period 2024/25 to 2028/29 read from the title page"),
    ("Joint Forward Plan 2025/26 to 2029/30", "jfp-2025-26", "plan period 2025/26 to 2029/30 read from the title page"),
    ("Five-year strategic commissioning plan 2026/27 to 2030/31", "jfp-2026-27",
     "plan period 2026/27 to 2030/31 read from the title page"),
    ("Joint Forward Plan 2027/28 to 2031/32", "jfp-2026-27", "plan period 2027/28 to 2031/32 read from the title page"),
    ("Joint Forward Plan 2023/24 to 2027/28", "jfp-2024-25", "plan period 2023/24 to 2027/28 read from the title page"),
    ("Fenmoor commissioning intentions", "jfp-2026-27",
     'no plan period found; the document calls itself a "commissioning intentions"'),
    ("Our plan", "jfp-2024-25", "no plan period or document name found, so the default pack"),
])
def test_the_pack_is_chosen_from_the_plan_and_says_why(title, pack, reason):
    assert choose([_plan(title)]) == type(choose([_plan(title)]))(pack, reason)


def test_every_report_says_which_pack_and_why():
    doc = _plan("Strategic commissioning plan 2026/27 to 2030/31")
    report = check_documents([doc], load_pack(None), Options(today=date(2026, 12, 3)))
    assert report.rulepack.id == "jfp-2026-27"
    assert report.rulepack.reason == "plan period 2026/27 to 2030/31 read from the title page"
    asked = check_documents([doc], load_pack("jfp-2024-25"), Options(rules="jfp-2024-25"))
    assert (asked.rulepack.id, asked.rulepack.reason) == ("jfp-2024-25", "asked for (jfp-2024-25)")


def test_a_2024_25_plan_keeps_the_base_pack_and_its_verdicts():
    doc = _plan("Joint Forward Plan 2024/25 to 2028/29", "We will cut carbon emissions by 50% by 2028.")
    auto = check_documents([doc], load_pack(None), Options(today=date(2026, 12, 3)))
    base = check_documents([doc], load_pack("jfp-2024-25"), Options(rules="jfp-2024-25"))
    assert [(r.id, r.status, r.score) for r in auto.results] == [(r.id, r.status, r.score) for r in base.results]


# ------------------------------------------------------------------ duties not in force

VPA = ("With the police and crime commissioner and both councils we will jointly commission victim support "
       "services from April 2027.")


def test_an_element_whose_duty_is_not_in_force_is_not_checked_and_the_report_says_so():
    doc = _plan("Strategic commissioning plan 2026/27 to 2030/31", VPA)
    report = check_documents([doc], load_pack(None), Options(today=date(2026, 12, 3)))
    s16 = next(r for r in report.results if r.id == "abuse-victims")
    assert "victim-support-collaboration" not in {e.id for e in s16.elements}
    skipped = {(n.requirement, n.element): n for n in report.not_checked}
    assert ("abuse-victims", "victim-support-collaboration") in skipped
    assert "commencement is unconfirmed" in skipped[("abuse-victims", "victim-support-collaboration")].reason
    asked = check_documents([doc], load_pack(None), Options(today=date(2026, 12, 3), as_of="all"))
    s16 = next(r for r in asked.results if r.id == "abuse-victims")
    assert next(e for e in s16.elements if e.id == "victim-support-collaboration").found
    assert not asked.not_checked


def test_a_plan_is_never_marked_down_for_a_duty_not_in_force():
    # Without the gated elements in force, a plan silent on them scores as if they did not exist.
    doc = _plan("Strategic commissioning plan 2026/27 to 2030/31", "We will open two family hubs by 2028.")
    pack = load_pack("jfp-2026-27")
    today, _ = pack_in_force(pack, date(2026, 12, 3))
    for rule in today.rules:
        assert all(e.commencement is None for e in rule.elements)


def test_a_dated_commencement_is_checked_from_its_date(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: dated\ntitle: Dated\nversion: '1'\nextends: jfp-2024-25\n", encoding="utf-8")
    (folder / "research.yaml").write_text(yaml.safe_dump({
        "id": "research", "extends_rule": True,
        "elements": [{"id": "new-duty", "title": "A new duty", "core": False, "commencement": "2027-04-01",
                      "source": "https://example.org", "patterns": [{"kind": "phrase", "any": ["research hub"]}]}],
    }), encoding="utf-8")
    pack = load_pack(str(folder))
    before, skipped = pack_in_force(pack, date(2027, 3, 31))
    assert [n.element for n in skipped] == ["new-duty"] and "2027-04-01" in skipped[0].reason
    after, skipped = pack_in_force(pack, date(2027, 4, 1))
    assert not skipped and after is pack


def test_an_extension_may_not_add_a_core_element_or_extend_an_unknown_rule(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: bad\ntitle: Bad\nversion: '1'\nextends: jfp-2024-25\n", encoding="utf-8")
    rule = {"id": "research", "extends_rule": True,
            "elements": [{"id": "x", "title": "X", "patterns": [{"kind": "phrase", "any": ["x"]}]}]}
    (folder / "research.yaml").write_text(yaml.safe_dump(rule), encoding="utf-8")
    with pytest.raises(UsageError, match="must be core: false"):
        load_pack(str(folder))
    rule["id"] = "nothing-like-it"
    rule["elements"][0]["core"] = False
    (folder / "research.yaml").unlink()
    (folder / "nothing-like-it.yaml").write_text(yaml.safe_dump(rule), encoding="utf-8")
    with pytest.raises(UsageError, match="the base pack does not have"):
        load_pack(str(folder))


# ------------------------------------------------------------------ the footprint

FOOTPRINT_PLAN = [
    "Our footprint has two health and wellbeing boards, Fenmoor and Marshgate.",
    "The Fenmoor Health and Wellbeing Board is of the opinion that the plan takes proper account of its strategy.",
    "To deliver the Fenmoor Health and Wellbeing Board's strategy we will open two family hubs by March 2028.",
    "The board of Fenmoor Hospitals NHS Foundation Trust approved this plan on 12 March 2026.",
]


def test_the_footprint_is_checked_per_body_and_listed():
    doc = _plan("Strategic commissioning plan 2026/27 to 2030/31", *FOOTPRINT_PLAN)
    options = Options(today=date(2026, 12, 3), hwb=("Fenmoor", "Marshgate", "Westholt"),
                      trusts=("Fenmoor Hospitals", "Marshgate Community"), local_authorities=("Fenmoor Council",))
    report = check_documents([doc], load_pack(None), options)
    bodies = {b.name: b for b in report.footprint.bodies}
    assert bodies["Fenmoor"].covered
    assert bodies["Marshgate"].named and "footprint-coverage" in bodies["Marshgate"].missing_from
    assert not bodies["Westholt"].named
    assert bodies["Fenmoor Hospitals"].covered and "partner-trust-agreement" in bodies["Marshgate Community"].missing_from
    assert bodies["Fenmoor Council"].kind == "local_authority" and not bodies["Fenmoor Council"].named
    p07 = next(r for r in report.results if r.id == "partner-trust-agreement")
    assert p07.status.value == "partial" and "Marshgate Community" in p07.gap
    without = check_documents([doc], load_pack(None), Options(today=date(2026, 12, 3)))
    assert without.footprint is None


def test_footprint_flags_and_config(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# Strategic commissioning plan 2026/27 to 2030/31\n\n## Our plan\n\n" + "\n\n".join(FOOTPRINT_PLAN)
                    + "\n", encoding="utf-8")
    (tmp_path / "jfp.toml").write_text('[footprint]\nboards = ["Fenmoor", "Marshgate"]\n'
                                       'partner_trusts = ["Fenmoor Hospitals"]\nlocal_authorities = ["Marshgate Council"]\n',
                                       encoding="utf-8")
    import json

    # The config is the reviewer's (--config or found from the working folder), never the plan's folder's.
    data = json.loads(invoke(["check", str(plan), "--config", str(tmp_path / "jfp.toml"), "--format", "json",
                              "--fail-on", "none"]).stdout)
    assert [b["name"] for b in data["footprint"]["bodies"]] == ["Fenmoor", "Marshgate", "Fenmoor Hospitals",
                                                               "Marshgate Council"]
    flags = json.loads(invoke(["check", str(plan), "--no-config", "--format", "json", "--fail-on", "none",
                               "--hwb", "Fenmoor", "--trust", "Westholt Trust"]).stdout)
    assert [(b["name"], b["kind"], b["named"]) for b in flags["footprint"]["bodies"]] == [
        ("Fenmoor", "board", True), ("Westholt Trust", "trust", False)]
    text = invoke(["check", str(plan), "--no-config", "--fail-on", "none", "--trust", "Westholt Trust"]).stdout
    assert "Westholt Trust (partner trust): not named in the plan" in text
    assert "Chosen by" in text and "Not checked (" in text
    every = json.loads(invoke(["check", str(plan), "--no-config", "--format", "json", "--fail-on", "none",
                               "--as-of", "all"]).stdout)
    assert "not_checked" not in every
    dated = json.loads(invoke(["check", str(plan), "--no-config", "--format", "json", "--fail-on", "none",
                               "--as-of", "2031-01-01"]).stdout)
    assert {n["commencement"] for n in dated["not_checked"]} == {"unconfirmed"}  # a date never commences these
    bad = invoke(["check", str(plan), "--no-config", "--as-of", "soon"])
    assert bad.exit_code == 2 and "as-of" in bad.stderr


# ------------------------------------------------------------------ diff and docs

def test_rules_diff_lists_what_changed():
    result = invoke(["rules", "diff", "jfp-2024-25", "jfp-2026-27"])
    assert result.exit_code == 0
    out = result.stdout
    assert "default plan year: 2024/25 -> 2026/27" in out
    assert "+ P07 partner-trust-agreement (process)" in out
    assert "+ element victim-support-collaboration (supporting, commencement unconfirmed)" in out
    same = invoke(["rules", "diff", "jfp-2024-25", "jfp-2024-25"])
    assert same.exit_code == 0 and "no changes" in same.stdout
    assert invoke(["rules", "diff", "jfp-2024-25", "no-such-pack"]).exit_code == 2


@pytest.mark.parametrize("pid", YEARS)
def test_committed_year_pack_docs_are_up_to_date(pid, tmp_path):
    out = tmp_path / pid
    assert invoke(["rules", "docs", "--rules", pid, "--changes", "--out", str(out)]).exit_code == 0
    fresh = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.md")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "docs" / "rules" / pid).glob("*.md")}
    assert fresh == committed, f"docs/rules/{pid}/ is stale: run `jfp rules docs --rules {pid} --changes --out docs/rules/{pid}`"


def test_a_report_with_the_new_fields_matches_the_committed_schema():
    import json

    import jsonschema

    from jfp.report import json as json_report

    doc = _plan("Strategic commissioning plan 2026/27 to 2030/31", *FOOTPRINT_PLAN)
    report = check_documents([doc], load_pack(None), Options(today=date(2026, 12, 3), hwb=("Fenmoor", "Westholt"),
                                                             trusts=("Marshgate Community",)))
    data = json.loads(json_report.render(report))
    assert data["rulepack"]["reason"] and data["not_checked"] and data["footprint"]["bodies"]
    assert any(e.get("missing_bodies") for r in data["results"] for e in r["elements"])
    schema = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []
