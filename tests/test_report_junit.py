"""Tests for the JUnit XML report (jfp.report.junit), parsed back with the standard library."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import reportdata

from jfp.report import junit


def _suite(fail_on="statutory", verbose=False):
    root = ET.fromstring(junit.render(reportdata.make_checked_report(fail_on), verbose=verbose).encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return root, suite


def test_one_case_per_requirement():
    root, suite = _suite()
    cases = suite.findall("testcase")
    assert len(cases) == 30 == int(suite.get("tests")) == int(root.get("tests"))
    assert cases[12].get("classname") == "jfp.statutory" and cases[12].get("name") == "S13 research"
    assert {c.get("classname") for c in cases} == {"jfp.statutory", "jfp.process", "jfp.recommended"}
    assert suite.get("name") == 'plans/kestrel <draft> & "final".docx'


def test_failures_follow_the_gate():
    _, suite = _suite()
    failed = [c.get("name") for c in suite.findall("testcase") if c.find("failure") is not None]
    assert failed == ["S13 research", "S15 climate-change"] and suite.get("failures") == "2"
    failure = suite.find("testcase[@name='S13 research']/failure")
    assert failure.get("type") == "missing" and "Research needs of diverse communities" in failure.text
    _, strict = _suite("any")
    assert strict.get("failures") == "8"  # every non-met, non-waived requirement
    _, lax = _suite("none")
    assert lax.get("failures") == "0"


def test_waived_is_skipped_and_gaps_below_the_gate_are_reported():
    _, suite = _suite()
    skipped = suite.find("testcase[@name='S17 children-young-people']/skipped")
    assert skipped is not None and 'Growing up in Kestrel' in skipped.get("message")
    assert suite.get("skipped") == "1"
    out = suite.find("testcase[@name='S09 public-involvement']/system-out")
    assert out is not None and "partial" in out.text


def test_hostile_text_parses_and_survives():
    _, suite = _suite(verbose=True)
    everything = ET.tostring(suite, encoding="unicode")
    assert "\x0c" not in everything and "\x07" not in everything
    p01 = suite.find("testcase[@name='P01 consultation-summary']/system-out").text
    assert "]]> end" in p01
    s01 = suite.find("testcase[@name='S01 integration']/system-out").text
    assert '<img src=x onerror="window.__pwned=1">' in s01  # text, escaped on the way out


def test_xml_text_drops_forbidden_characters():
    assert junit.xml_text("a\x00b\x0bc\tok\U0001f3e5") == "abc\tok\U0001f3e5"
