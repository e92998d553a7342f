"""Issue 12.9: document text never reaches a terminal with C1 controls or bidi controls.

Headings and titles of a Markdown, DOCX and PDF plan carry CSI (U+009B), DCS (U+0090),
ST (U+009C), RLO (U+202E), LRI (U+2066), PDI (U+2069), RLM (U+200F) and ALM (U+061C);
``jfp outline`` (text and JSON) and ``jfp check`` (terminal and JSON) must show none of them.
"""
from __future__ import annotations

import io
import json

import pytest

from jfp.safe_text import UNSAFE, escape_json, one_line
from tests.clirun import invoke
from tests.hostile.generate import PROSE, assemble_pdf, text_stream, _stream

SPOOF = "\u009b31m\u0090q\u009c \u202eevil\u202c \u2066x\u2069 \u200f\u061c"


def _unsafe_in(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if ord(ch) in UNSAFE and ch not in "\n\t"})


def _markdown(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(f"# Our plan {SPOOF}\n\n{PROSE}\n\n## Research {SPOOF}\n\n{PROSE}\n", encoding="utf-8")
    return path


def _docx(tmp_path):
    from docx import Document

    doc = Document()
    doc.core_properties.title = f"Title {SPOOF}"
    doc.add_heading(f"Our plan {SPOOF}", 1)
    doc.add_paragraph(f"{PROSE} {SPOOF}")
    path = tmp_path / "plan.docx"
    doc.save(path)
    return path


def _pdf(tmp_path):
    title = b"<FEFF" + f"Plan {SPOOF}".encode("utf-16-be").hex().upper().encode() + b">"
    content = text_stream(["Our plan", PROSE[:80], PROSE[80:]])
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
        b"<< /Title " + title + b" >>",
    ]
    path = tmp_path / "plan.pdf"
    path.write_bytes(assemble_pdf(objs, 1, b"/Info 6 0 R "))
    return path


@pytest.mark.parametrize("make", [_markdown, _docx, _pdf], ids=["markdown", "docx", "pdf"])
@pytest.mark.parametrize("args", [["outline"], ["outline", "--format", "json"],
                                  ["check", "--format", "table"], ["check", "--format", "json"]],
                         ids=["outline", "outline-json", "check-terminal", "check-json"])
def test_no_c1_or_bidi_control_reaches_the_terminal(tmp_path, make, args):
    path = make(tmp_path)
    result = invoke([*args, str(path)])
    assert result.exit_code in (0, 1), result.output
    assert _unsafe_in(result.output) == []
    assert "evil" in result.output or args[0] == "check"


def test_the_pdf_title_and_headings_are_shown_without_the_controls(tmp_path):
    out = invoke(["outline", str(_pdf(tmp_path))]).stdout
    assert "title  Plan 31m q evil x" in out


def test_json_keeps_the_characters_as_escapes():
    text = json.dumps({"t": f"a{SPOOF}"}, ensure_ascii=False)
    escaped = escape_json(text)
    assert _unsafe_in(escaped) == []
    assert json.loads(escaped) == json.loads(text)


def test_one_line_drops_every_control_and_keeps_letters():
    assert one_line(f"Plan\u202e \u009b2J\x1b[31m end\u200e") == "Plan 2J [31m end"
    assert one_line("Hwb  \u00e9t\u00e9\u0645") == "Hwb \u00e9t\u00e9\u0645"


def test_a_batch_progress_line_escapes_a_spoofing_file_name():
    from jfp.batch.progress import describe
    from jfp.batch.results import DocResult

    name = "plans/\u202egpj.docx\u009b2J"
    checked = DocResult(file=name, stem="x", outcome="checked", score=50.0, gate_passed=True)
    failed = DocResult(file=name, stem="x", outcome="error", error_reason="corrupt", error="bad \u2066part")
    for row in (checked, failed):
        line = describe(row)
        assert _unsafe_in(line) == [] and "\\u202e" in line
