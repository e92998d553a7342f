"""The vocabularies (rules/<pack>/vocabulary.yaml): their term syntax, their matcher, and their examples."""
from __future__ import annotations

import pytest
import yaml
from enginedata import shipped_pack

from jfp.engine.examples import run_vocabulary_examples
from jfp.engine.loader import builtin_packs_dir, load_pack
from jfp.engine.schema import MAX_PATTERN_CHARS, Vocabulary
from jfp.engine.vocabulary import Matcher, plain
from jfp.engine.voice import CATEGORIES
from jfp.errors import UsageError


def _matcher(*terms: str, patterns: tuple[str, ...] = ()) -> Matcher:
    return Matcher("t", Vocabulary(about="test", terms=list(terms), patterns=list(patterns)))


@pytest.mark.parametrize("terms, text, found", [
    (["the icb"], "the icb will publish", True),
    (["the icb"], "the icbs will publish", False),  # whole words only
    (["co produce"], "we will co-produce it", True),  # a space in a term matches a hyphen
    (["produc*"], "our productive wards", True),  # word* is a stem
    (["nhs * icb"], "nhs kestrel icb has agreed", True),  # * is any one word
    (["nhs * icb"], "nhs icb has agreed", False),
    (["# responses"], "we had 412 responses", True),  # # is a number
    (["# responses"], "we had many responses", False),
    (["we'll"], "we\u2019ll open it", False),  # the matcher reads plain text; plain() straightens quotes
    ([", including"], "staff, including nurses", True),
    ([", including"], "staff including nurses", False),
])
def test_term_syntax(terms, text, found):
    assert _matcher(*terms)(text) is found


def test_plain_straightens_quotes_and_dashes():
    assert _matcher("we'll")(plain("We\u2019ll open it")) and plain("A\u2013B") == "a-b"


def test_search_gives_where_the_first_term_starts():
    m = _matcher("such as", ", including")
    assert m.search("staff, including nurses such as ours").start() == len("staff")
    assert m.search("nothing here") is None


def test_at_start_only_matches_the_first_word():
    m = _matcher("by", "in line with")
    assert m.at_start("by 2027, we will") and m.at_start("in line with guidance, icbs")
    assert not m.at_start("we will act by 2027")


def test_patterns_are_searched_as_regular_expressions():
    m = _matcher(patterns=(r"\d+ ?%",))
    assert m("a 20% cut") and not m("a large cut")


def test_a_long_pattern_is_refused_at_load(tmp_path):
    with pytest.raises(ValueError, match="characters"):
        Vocabulary(about="x", patterns=["a" * (MAX_PATTERN_CHARS + 1)])


def test_upper_case_terms_are_refused():
    with pytest.raises(ValueError, match="lower-case"):
        Vocabulary(about="x", terms=["The ICB"])


def test_every_category_the_engine_reads_is_in_the_shipped_pack_with_both_kinds_of_example():
    pack = shipped_pack()
    missing = [c for c in CATEGORIES if c not in pack.vocabulary]
    assert not missing
    thin = [c for c, v in pack.vocabulary.items() if not v.match or not v.no_match]
    assert not thin, f"categories without both match and no_match examples: {thin}"


def test_no_pattern_in_the_shipped_vocabulary_is_longer_than_the_limit():
    data = yaml.safe_load((builtin_packs_dir() / "jfp-2024-25" / "vocabulary.yaml").read_text(encoding="utf-8"))
    assert all(len(p) <= MAX_PATTERN_CHARS for v in data.values() for p in v.get("patterns", []))


@pytest.mark.parametrize("outcome", run_vocabulary_examples(shipped_pack()),
                         ids=lambda o: f"{o.rule.split(':')[1]}-{o.index + 1}")
def test_vocabulary_example(outcome):
    assert outcome.passed, f"{outcome.rule}: {outcome.detail}: {outcome.example.text!r}"


def _pack_with(tmp_path, vocabulary: str):
    pack = tmp_path / "p"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: p\ntitle: P\nversion: '1'\nextends: jfp-2024-25\n", encoding="utf-8")
    (pack / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    return pack


def test_a_pack_may_override_one_category(tmp_path):
    pack = load_pack(str(_pack_with(tmp_path, "vague:\n  about: x\n  terms: [perhaps]\n  match: [perhaps]\n  no_match: [we will]\n")))
    assert pack.vocabulary["vague"].terms == ["perhaps"]
    assert pack.vocabulary["own_subjects"] == shipped_pack().vocabulary["own_subjects"]


def test_an_unknown_category_is_refused_naming_it(tmp_path):
    with pytest.raises(UsageError, match="vauge"):
        load_pack(str(_pack_with(tmp_path, "vauge:\n  about: x\n  terms: [perhaps]\n")))


def test_a_bad_category_names_the_file_and_the_category(tmp_path):
    with pytest.raises(UsageError, match=r"vocabulary\.yaml: vocabulary 'vague'"):
        load_pack(str(_pack_with(tmp_path, "vague:\n  terms: [perhaps]\n")))
