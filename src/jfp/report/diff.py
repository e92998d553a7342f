"""Two reports of one plan compared (``jfp diff``): what got better, what got worse, and
which quotes are no longer evidence. Pure: Reports in, a plain dict and its renderings out.

Requirements are matched by id. A requirement is *better* when its status rose
(missing < partial < met) and *worse* when it fell; with the same status, a score or element
change is listed as *changed*. A quote of the old report is *gone* when the new report
quotes it nowhere (neither as best evidence nor, when the new report has them, among its
hits): the plan lost that passage, or it no longer counts.
"""
from __future__ import annotations

import json

from jfp.models import Evidence, Report, RequirementResult, Status
from jfp.report import view

_RANK = {Status.missing: 0, Status.partial: 1, Status.met: 2}


def _side(report: Report) -> dict:
    return {"path": report.document.path, "score": report.score, "passed": report.gate.passed,
            "summary": report.summary.model_dump(), "rulepack": f"{report.rulepack.id} {report.rulepack.version}"}


def _key(text: str) -> str:
    return view.clean(text).casefold()


def _quote(ev: Evidence) -> dict:
    return {"text": view.clean(ev.text), "where": view.location(ev), "page": ev.page, "line": ev.line}


def _change(old: RequirementResult, new: RequirementResult) -> dict:
    was = {e.id: e for e in old.elements}
    found = [e.title for e in new.elements if e.found and not (e.id in was and was[e.id].found)]
    lost = [e.title for e in new.elements if not e.found and e.id in was and was[e.id].found]
    return {"id": new.id, "code": new.code, "title": view.clean(new.title), "kind": new.kind.value,
            "from": old.status.value, "to": new.status.value, "score_from": old.score, "score_to": new.score,
            "elements_found": found, "elements_lost": lost}


def compare(old: Report, new: Report) -> dict:
    """The differences from ``old`` to ``new`` as a JSON-ready dict (docs/diff.md)."""
    before = {r.id: r for r in old.results}
    after = {r.id: r for r in new.results}
    better, worse, changed, gone = [], [], [], []
    for rid, now in after.items():
        then = before.get(rid)
        if then is None:
            continue
        change = _change(then, now)
        if _RANK[now.status] > _RANK[then.status]:
            better.append(change)
        elif _RANK[now.status] < _RANK[then.status]:
            worse.append(change)
        elif now.score != then.score or change["elements_found"] or change["elements_lost"]:
            changed.append(change)
        quoted = {_key(e.text) for e in [*now.evidence, *now.hits]}
        lost_quotes = [_quote(e) for e in then.evidence if _key(e.text) not in quoted]
        if lost_quotes:
            gone.append({"id": rid, "code": now.code, "title": view.clean(now.title), "quotes": lost_quotes})
    return {
        "old": _side(old), "new": _side(new),
        "score_change": round(new.score - old.score, 1),
        "better": better, "worse": worse, "changed": changed, "evidence_gone": gone,
        "added": [r.code for r in new.results if r.id not in before],
        "removed": [r.code for r in old.results if r.id not in after],
    }


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + view.score_text(value)


def _line(c: dict) -> str:
    text = (f"{c['code']} {c['id']}: {c['from']} -> {c['to']} "
            f"(score {view.score_text(c['score_from'])} -> {view.score_text(c['score_to'])})")
    if c["elements_found"]:
        text += "; now found: " + "; ".join(c["elements_found"])
    if c["elements_lost"]:
        text += "; no longer found: " + "; ".join(c["elements_lost"])
    return text


def _heading(d: dict, arrow: str = "->") -> str:
    word = {True: "PASS", False: "FAIL"}
    return (f"{d['old']['path']} ({view.score_text(d['old']['score'])}, {word[d['old']['passed']]}) {arrow} "
            f"{d['new']['path']} ({view.score_text(d['new']['score'])}, {word[d['new']['passed']]}): "
            f"score {_signed(d['score_change'])}")


def render_text(d: dict) -> str:
    """Plain lines for a terminal or a log."""
    out = [f"jfp diff: {_heading(d)}"]
    for title, key in (("Better", "better"), ("Worse", "worse"), ("Changed score or elements", "changed")):
        if d[key]:
            out += ["", f"{title} ({len(d[key])})"] + [f"  {_line(c)}" for c in d[key]]
    if d["evidence_gone"]:
        out += ["", f"Evidence no longer in the plan ({sum(len(g['quotes']) for g in d['evidence_gone'])})"]
        for g in d["evidence_gone"]:
            out += [f"  {g['code']} {g['id']}: \u201c{q['text']}\u201d ({q['where']})" for q in g["quotes"]]
    if d["added"] or d["removed"]:
        out += ["", f"Rule pack changed: added {', '.join(d['added']) or 'none'}; removed {', '.join(d['removed']) or 'none'}"]
    if not (d["better"] or d["worse"] or d["changed"] or d["evidence_gone"]):
        out += ["", "No requirement changed."]
    return "\n".join(out) + "\n"


def render_markdown(d: dict) -> str:
    """A Markdown summary for a pull-request comment or a review note."""
    from jfp.report.markdown import escape

    out = [f"## jfp diff: {escape(_heading(d, chr(0x2192)))}", ""]
    for title, key in (("Better", "better"), ("Worse", "worse"), ("Changed score or elements", "changed")):
        if d[key]:
            out += [f"### {title} ({len(d[key])})", "", "| Code | Requirement | Status | Score | Elements |", "|---|---|---|--:|---|"]
            for c in d[key]:
                elements = "; ".join([*(f"+ {escape(t)}" for t in c["elements_found"]),
                                      *(f"\u2212 {escape(t)}" for t in c["elements_lost"])])
                out.append(f"| {c['code']} | {escape(c['title'])} | {c['from']} \u2192 {c['to']} | "
                           f"{view.score_text(c['score_from'])} \u2192 {view.score_text(c['score_to'])} | {elements} |")
            out.append("")
    if d["evidence_gone"]:
        out += ["### Evidence no longer in the plan", ""]
        for g in d["evidence_gone"]:
            out += [f"- **{g['code']} {escape(g['title'])}** ({escape(q['where'])}): \u201c{escape(q['text'])}\u201d"
                    for q in g["quotes"]]
        out.append("")
    if not (d["better"] or d["worse"] or d["changed"] or d["evidence_gone"]):
        out += ["No requirement changed.", ""]
    return "\n".join(out).rstrip() + "\n"


def render_json(d: dict) -> str:
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"
