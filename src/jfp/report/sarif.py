"""The SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.

One rule per requirement (id = code, "S13"), one result per requirement that is not met.
A result points at the line of its closest evidence in Markdown and text plans; DOCX and
PDF have no source lines, so there it points at the document as a whole
(``region.startLine`` 1, which GitHub requires). Either way it carries the section path in
``logicalLocations``, with page and paragraph in ``properties``.
Waived gaps are still reported, with an accepted external suppression, so the waiver
and its reason stay visible in code scanning.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from collections.abc import Sequence

from jfp import INFORMATION_URI, __version__
from jfp.errors import DocumentError
from jfp.gate import fails_gate
from jfp.models import Kind, Report, RequirementResult, Status
from jfp.report import view

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_DEFAULT_LEVEL = {Kind.statutory: "error", Kind.process: "warning", Kind.recommended: "note"}


def artifact_uri(path: str) -> str:
    """A relative URI for the checked file (relative to the working directory when absolute)."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    posix = PurePosixPath(*p.parts) if p.parts else PurePosixPath(path)
    return quote(str(posix).replace(os.sep, "/"), safe="/")


def level(result: RequirementResult, fail_on: str) -> str:
    """error when the gap fails the gate, note for recommended content, warning otherwise."""
    if fails_gate(result, fail_on):
        return "error"
    return "note" if result.kind is Kind.recommended else "warning"


def _rule(r: RequirementResult) -> dict:
    guidance = view.clean(r.guidance) or view.clean(r.title)
    basis = view.clean(r.basis)
    help_text = guidance + (f"\n\nBasis: {basis}" if basis else "")
    return {
        "id": r.code,
        "name": r.id,
        "shortDescription": {"text": view.clean(r.title)},
        "fullDescription": {"text": guidance},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": _DEFAULT_LEVEL[r.kind]},
        "properties": {"kind": r.kind.value, "basis": basis, "tags": ["jfp", r.kind.value]},
    }


def _message(r: RequirementResult) -> str:
    text = view.clean(r.gap or f"{r.title}: {r.status.value}.")
    missing = view.missing_elements(r)
    if missing:
        text += " Missing: " + "; ".join(view.clean(m) for m in missing) + "."
    if r.advice:
        text += " " + view.clean(r.advice)
    return text


def _result(report: Report, index: int, r: RequirementResult, uri: str, artifacts: dict[str, int]) -> dict:
    ev = view.best_evidence(r)
    file_uri = artifact_uri(ev.file) if ev and ev.file else uri
    location: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": file_uri, "uriBaseId": "%SRCROOT%", "index": artifacts[file_uri]},
            # The quote's own line where the plan has lines (Markdown, text); DOCX and PDF
            # have none, and GitHub requires a region: line 1, with the section and page below.
            "region": {"startLine": ev.line if ev is not None and ev.line else 1},
        },
    }
    props: dict = {"status": r.status.value, "kind": r.kind.value, "score": r.score}
    if ev is not None:
        location["logicalLocations"] = [{
            "name": view.clean(ev.section).rsplit(" > ", 1)[-1] or "(before the first heading)",
            "fullyQualifiedName": view.clean(ev.section) or "(before the first heading)",
            "kind": "section",
        }]
        props.update(page=ev.page, paragraph=ev.paragraph, evidence=view.clean(ev.text),
                     location=view.location(ev))
    fingerprint = hashlib.sha256(f"{file_uri}\0{r.id}".encode()).hexdigest()[:32]
    out = {
        "ruleId": r.code,
        "ruleIndex": index,
        "level": level(r, report.gate.fail_on),
        "message": {"text": _message(r)},
        "locations": [location],
        "partialFingerprints": {"jfpRequirement/v1": fingerprint},
        "properties": props,
    }
    if r.waived:
        reason = view.clean(r.waiver_reason or "waived")
        if r.waiver_expires:
            reason += f" (until {r.waiver_expires})"
        out["suppressions"] = [{"kind": "external", "status": "accepted", "justification": reason}]
    return out


def _notifications(report: Report, artifact: int) -> list[dict]:
    where = {"locations": [{"physicalLocation": {"artifactLocation": {"index": artifact}}}]}
    return [
        {"level": "warning", "message": {"text": f"{w.code}: {view.clean(w.message)}"},
         **({"properties": {"page": w.page}} if w.page else {}), **where}
        for w in report.document.warnings
    ] + [{"level": "warning", "message": {"text": view.clean(w)}, **where} for w in report.warnings]


def _plan_properties(report: Report, artifact: int) -> dict:
    return {
        "artifactIndex": artifact,
        "path": report.document.path,
        "score": report.score,
        "summary": report.summary.model_dump(),
        "planYear": report.plan_year,
        "gate": report.gate.model_dump(),
        "document": {"sha256": report.document.sha256, "pages": report.document.pages,
                     "words": report.document.words},
        **({"notChecked": [n.model_dump() for n in report.not_checked]} if report.not_checked else {}),
        **({"footprint": report.footprint.model_dump()} if report.footprint is not None else {}),
    }


def render(report: Report, *, verbose: bool = False) -> str:
    """The report as a SARIF 2.1.0 log with one run; ``verbose`` has no extra effect here."""
    return render_many([report], verbose=verbose)


def render_many(reports: list[Report], *, verbose: bool = False, unread: Sequence[DocumentError] = ()) -> str:
    """Every plan of one command in ONE SARIF log with one run: one artifact per file checked.

    Several plans in one run (not one run per plan) because code scanning keys an upload
    by tool and category: runs of the same tool in one file would replace each other.
    Plans that could not be read are error notifications on their artifact, and the
    invocation is then not successful.
    """
    artifacts: list[dict] = []
    index_of: dict[str, int] = {}

    def artifact(path: str) -> int:
        uri = artifact_uri(path)
        if uri not in index_of:
            index_of[uri] = len(artifacts)
            artifacts.append({"location": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "roles": ["analysisTarget"]})
        return index_of[uri]

    rules: list[dict] = []
    rule_index: dict[str, int] = {}
    results: list[dict] = []
    notifications: list[dict] = []
    plans: list[dict] = []
    for report in reports:
        main = artifact(report.document.path)
        for f in report.document.files or [report.document.path]:
            artifact(f)
        for r in report.results:
            if r.code not in rule_index:
                rule_index[r.code] = len(rules)
                rules.append(_rule(r))
            if r.status is not Status.met:
                results.append(_result(report, rule_index[r.code], r, artifact_uri(report.document.path), index_of))
        notifications += _notifications(report, main)
        plans.append(_plan_properties(report, main))
    for exc in unread:
        notifications.append({"level": "error", "message": {"text": view.clean(str(exc))},
                              "locations": [{"physicalLocation": {"artifactLocation": {"index": artifact(exc.path)}}}],
                              "properties": {"reason": exc.reason}})
    first = reports[0] if reports else None
    version = first.tool.version if first else __version__
    driver: dict = {"name": "jfp", "version": version, "semanticVersion": version,
                    "informationUri": INFORMATION_URI, "rules": rules}
    if first:
        driver["properties"] = {"rulepack": first.rulepack.model_dump(exclude_none=True)}
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"jfp/{first.rulepack.id}/" if first else "jfp/"},
        "artifacts": artifacts,
        "invocations": [{"executionSuccessful": not unread, "toolExecutionNotifications": notifications}],
        "results": results,
        # One entry per plan, whatever the count; artifactIndex names the plan's file.
        "properties": {"plans": plans},
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
