"""What a pattern cannot match without (jfp.engine.regex_needs): a prefilter that must never
change an answer, only skip searches that would find nothing."""
from __future__ import annotations

import re

import pytest
from enginedata import shipped_pack
from hypothesis import given, settings
from hypothesis import strategies as st

from jfp.engine.regex_needs import needs, needs_any, requirements


@pytest.mark.parametrize("pattern, expected", [
    (r"\bsee section\b", ("see section",)),
    (r"a|b", ("a", "b")),
    (r"x(?:foo|bar)+y", ("foo", "bar")),
    (r"(?:ab)?cd", ("cd",)),
    (r"\[[^\]]*\bto do\b", ("[",)),  # punctuation is rarer in prose than a short word
])
def test_needs_finds_what_every_match_holds(pattern, expected):
    assert needs(pattern) == expected


@pytest.mark.parametrize("pattern", [
    r"(?i:abc)", r"(?i)abc", r"\d", r"[a-z]+", r".*", r"(?:abc)?", r"(?=abc)", r"a*",
])
def test_needs_says_nothing_when_it_cannot_tell(pattern):
    assert needs(pattern) is None


def test_requirements_are_every_part_a_match_holds():
    assert requirements(r"\bwill (?:\w+ )?(?:launch|open)\b") == [("will ",), ("launch", "open")]
    assert requirements(r"\[[^\]]*\]") == [("[",), ("]",)]
    assert requirements(r"a+ b") == []  # a letter or two always holds
    for pattern in (r"(?i)abc", r"\d", r"(?:abc)?", r"(?=abc)", r"a*"):
        assert requirements(pattern) == []


def test_an_alternation_needs_a_requirement_from_every_pattern():
    assert needs_any([r"foo", r"bar\d"]) == ("foo", "bar")
    assert needs_any([r"foo", r"\d"]) is None


_WORDS = ["we", "must", "see", "section", "plan", "the", "act", "requires", "[", "]", "to", "do", "tbc", ":",
          "|", "30%", "of", "our", "population", "said", "will", "develop", "a", "strategy", "help", "icb",
          "there", "are", "12", "residents", "is", "carried", "forward", "from", "owner", "-", "page", "4"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
def test_the_prefilter_never_changes_a_vocabulary_answer(tokens):
    text = " ".join(tokens)
    for name, vocabulary in shipped_pack().vocabulary.items():
        if not vocabulary.patterns:
            continue
        rx = re.compile("|".join(f"(?:{p})" for p in vocabulary.patterns))
        required = needs_any(vocabulary.patterns)
        if rx.search(text) is not None:
            assert required is None or any(n in text for n in required), (name, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
def test_every_requirement_holds_where_a_pattern_matches(tokens):
    text = " ".join(tokens)
    for vocabulary in shipped_pack().vocabulary.values():
        for pattern in vocabulary.patterns:
            if re.search(pattern, text) is not None:
                for one_of in requirements(pattern):
                    assert any(n in text for n in one_of), (pattern, text)


def test_the_prefilter_lets_every_vocabulary_example_through():
    from jfp.engine.vocabulary import plain
    checked = 0
    for name, vocabulary in shipped_pack().vocabulary.items():
        if not vocabulary.patterns:
            continue
        rx = re.compile("|".join(f"(?:{p})" for p in vocabulary.patterns))
        required = needs_any(vocabulary.patterns)
        for example in vocabulary.match + vocabulary.no_match:
            text = plain(example)
            if rx.search(text) is not None:
                checked += 1
                assert required is None or any(n in text for n in required), (name, example)
    assert checked >= 5
