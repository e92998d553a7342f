"""The JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure).

One ``<testsuites>`` per command, one ``<testsuite>`` per document, one ``<testcase>`` per requirement:
``<failure>`` when the requirement fails the gate, ``<skipped>`` when waived, and the
gap in ``<system-out>`` for a gap that does not fail the gate. Built with ElementTree, which
escapes markup; characters XML 1.0 cannot carry at all (form feeds from PDF text, bells)
are dropped first so the file always parses.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from jfp.errors import DocumentError
from jfp.gate import fails_gate
from jfp.models import Report, RequirementResult, Status
from jfp.report import view

# XML 1.0 Char production: tab, LF, CR and everything from U+0020 except surrogates/FFFE/FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str | None) -> str:
    """Text with the characters XML 1.0 forbids removed."""
    return _NOT_XML.sub("", text or "")


def _details(r: RequirementResult) -> str:
    lines = [f"{r.code} {r.id}: {r.status.value} (score {view.score_text(r.score)})"]
    lines += [f"{label}: {text}" for label, text in view.gap_parts(r)]
    ev = view.best_evidence(r)
    if ev:
        lines.append(f"Closest evidence ({view.location(ev)}): {view.clean(ev.text)}")
    return xml_text("\n".join(lines))


def _case(suite: ET.Element, report: Report, r: RequirementResult, verbose: bool) -> bool:
    case = ET.SubElement(suite, "testcase", {
        "classname": f"jfp.{r.kind.value}", "name": f"{r.code} {r.id}",
        "file": xml_text(report.document.path), "time": "0",
    })
    failed = fails_gate(r, report.gate.fail_on)
    if r.waived:
        until = f" (until {r.waiver_expires})" if r.waiver_expires else ""
        ET.SubElement(case, "skipped", {
            "message": xml_text(f"waived: {view.clean(r.waiver_reason or '')}{until}")})
    elif failed:
        failure = ET.SubElement(case, "failure", {
            "message": xml_text(view.clean(r.gap or f"{r.title}: {r.status.value}")),
            "type": r.status.value,
        })
        failure.text = _details(r)
    if r.status is not Status.met and not failed and not r.waived:
        ET.SubElement(case, "system-out").text = _details(r)
    elif verbose and r.status is Status.met:
        hits = r.hits or r.evidence
        ET.SubElement(case, "system-out").text = xml_text("\n".join(
            f"{view.location(ev)} [{ev.strength.value}]: {view.clean(ev.text)}" for ev in hits))
    return failed


def _suite(root: ET.Element, report: Report, verbose: bool) -> tuple[int, int, int]:
    suite = ET.SubElement(root, "testsuite", {
        "name": xml_text(report.document.path),
        "tests": str(len(report.results)),
        "errors": "0", "time": "0",
    })
    props = ET.SubElement(suite, "properties")
    for name, value in [("score", view.score_text(report.score)),
                        ("rulepack", f"{report.rulepack.id} {report.rulepack.version}"),
                        ("gate", view.gate_text(report)), ("plan_year", report.plan_year or ""),
                        ("tool", f"jfp {report.tool.version}")] + (
                        [("rulepack_reason", view.pack_reason(report))] if view.pack_reason(report) else []) + [
                        (f"not_checked_{i + 1}", line) for i, line in enumerate(view.not_checked_lines(report))] + [
                        (f"footprint_{i + 1}", line) for i, line in enumerate(view.footprint_lines(report))]:
        ET.SubElement(props, "property", {"name": name, "value": xml_text(value)})
    failures = sum(_case(suite, report, r, verbose) for r in report.results)
    skipped = sum(r.waived for r in report.results)
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    warnings = [f"{w.code}: {w.message}" for w in report.document.warnings] + report.warnings
    if warnings:
        ET.SubElement(suite, "system-err").text = xml_text("\n".join(view.clean(w) for w in warnings))
    return len(report.results), failures, 0


def _unread_suite(root: ET.Element, exc: DocumentError) -> tuple[int, int, int]:
    """A plan that could not be read: a suite with one errored test, so CI shows it."""
    suite = ET.SubElement(root, "testsuite", {"name": xml_text(exc.path), "tests": "1", "failures": "0",
                                               "errors": "1", "skipped": "0", "time": "0"})
    case = ET.SubElement(suite, "testcase", {"classname": "jfp.document", "name": "read",
                                             "file": xml_text(exc.path), "time": "0"})
    ET.SubElement(case, "error", {"message": xml_text(view.clean(exc.detail)), "type": exc.reason})
    return 1, 0, 1


def render(report: Report, *, verbose: bool = False) -> str:
    """The report as a JUnit XML document; ``verbose`` lists evidence for met requirements too."""
    return render_many([report], verbose=verbose)


def render_many(reports: list[Report], *, verbose: bool = False, unread: Sequence[DocumentError] = ()) -> str:
    """Every plan of one command in ONE ``<testsuites>``: a ``<testsuite>`` per plan."""
    root = ET.Element("testsuites", {"name": "jfp"})
    totals = [_suite(root, r, verbose) for r in reports] + [_unread_suite(root, e) for e in unread]
    root.set("tests", str(sum(t[0] for t in totals)))
    root.set("failures", str(sum(t[1] for t in totals)))
    if unread:
        root.set("errors", str(sum(t[2] for t in totals)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
