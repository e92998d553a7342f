"""jfp.output: reports written to a standard output that cannot encode every character.

An ASCII or code-page console must get a valid report, never a UnicodeEncodeError.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jfp.output import printable_for, write

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "harrowfield-strong.pdf"
TEXT = "Budget \u00a3 1.2m \u2014 \u201cour\u201d plan \U0001f600 caf\u00e9"


def _stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


def test_utf8_streams_get_the_text_as_it_is():
    assert printable_for(_stream("utf-8"), TEXT, "json") is TEXT


def test_json_keeps_every_character_as_an_escape():
    doc = json.dumps({"quote": TEXT}, ensure_ascii=False)
    out = printable_for(_stream("ascii"), doc, "json")
    assert out.isascii()
    assert json.loads(out) == {"quote": TEXT}


def test_html_and_xml_keep_every_character_as_a_reference():
    out = printable_for(_stream("ascii"), f"<p>{TEXT}</p>", "html")
    assert out.isascii() and "&#163;" in out

    class Text(HTMLParser):
        data = ""

        def handle_data(self, data):
            self.data += data

    parser = Text(convert_charrefs=True)
    parser.feed(out)
    assert parser.data == TEXT


def test_text_shows_what_the_console_cannot_as_question_marks():
    out = printable_for(_stream("cp1252"), TEXT, "table")
    assert out == "Budget \u00a3 1.2m \u2014 \u201cour\u201d plan ? caf\u00e9"  # cp1252 has these but no emoji


def test_write_goes_to_the_stream():
    stream = _stream("ascii")
    write(TEXT, "markdown", stream)
    stream.flush()
    assert stream.buffer.getvalue() == b"Budget ? 1.2m ? ?our? plan ? caf?"


def _jfp(args, encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "jfp", *args], capture_output=True, env=env)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html", "sarif", "junit"])
def test_check_on_an_ascii_console_gives_the_report_not_a_traceback(fmt):
    ascii_run, utf8_run = _jfp(["check", str(SAMPLE), "-f", fmt], "ascii"), _jfp(["check", str(SAMPLE), "-f", fmt], "utf-8")
    assert ascii_run.returncode == utf8_run.returncode
    assert b"Traceback" not in ascii_run.stderr and ascii_run.stdout.isascii() and ascii_run.stdout
    if fmt in ("json", "sarif"):
        assert json.loads(ascii_run.stdout) == json.loads(utf8_run.stdout)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_outline_on_an_ascii_console(fmt):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "jfp", "outline", str(SAMPLE), "-f", fmt], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    if fmt == "json":
        utf8 = subprocess.run([sys.executable, "-m", "jfp", "outline", str(SAMPLE), "-f", "json"], capture_output=True)
        assert json.loads(done.stdout) == json.loads(utf8.stdout)


def _badly_named_copy(tmp_path: Path, sample: Path) -> str:
    """A copy of ``sample`` whose file name is not valid UTF-8 (Linux allows any bytes)."""
    name = os.path.join(os.fsencode(tmp_path), b"plan-\xff" + os.fsencode(sample.suffix))
    with open(name, "wb") as out:
        out.write(sample.read_bytes())
    return os.fsdecode(name)


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes are a Linux thing")
def test_a_file_name_that_is_not_utf8_is_shown_escaped_by_outline(tmp_path):
    path = _badly_named_copy(tmp_path, SAMPLE)
    env = dict(os.environ)
    for fmt in ("text", "json"):
        done = subprocess.run([sys.executable, "-m", "jfp", "outline", path, "-f", fmt], capture_output=True, env=env)
        assert done.returncode == 0, done.stderr
        assert b"plan-\\xff.pdf" in done.stdout.replace(b"\\\\", b"\\")
        done.stdout.decode("utf-8")  # valid UTF-8 throughout


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes are a Linux thing")
@pytest.mark.parametrize("fmt", ["json", "html", "sarif", "junit", "markdown", "table"])
def test_a_file_name_that_is_not_utf8_still_gets_a_report(tmp_path, fmt):
    path = _badly_named_copy(tmp_path, SAMPLE)
    done = subprocess.run([sys.executable, "-m", "jfp", "check", path, "-f", fmt], capture_output=True)
    assert done.returncode in (0, 1) and b"Traceback" not in done.stderr, done.stderr[-300:]
    if fmt == "json":
        assert json.loads(done.stdout)["document"]["path"].endswith("plan-\\xff.pdf")


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes are a Linux thing")
def test_a_file_name_that_is_not_utf8_gets_its_batch_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _badly_named_copy(folder, ROOT / "samples" / "harrowfield-thin.docx")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "jfp", "batch", str(folder), "-o", str(out)], capture_output=True)
    assert b"Traceback" not in done.stderr, done.stderr[-300:]
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["documents"]
    assert [Path(r["file"]).name for r in rows] == ["plan-\\xff.docx"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (a device that is always full)")
@pytest.mark.parametrize(
    "args",
    [
        ["outline", str(SAMPLE)],
        ["outline", str(SAMPLE), "-f", "json"],
        ["check", str(SAMPLE)],
        ["check", str(SAMPLE), "-f", "sarif"],
        ["check", str(SAMPLE), "-q"],
        ["rules", "list"],
    ],
    ids=["outline", "outline-json", "check", "check-sarif", "check-quiet", "rules-list"],
)
def test_a_full_disk_is_one_sentence_and_exit_2(args):
    env = dict(os.environ)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "jfp", *args], stdout=full, stderr=subprocess.PIPE, env=env, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("jfp: cannot write") and done.stderr.count("\n") == 1, done.stderr
    assert "No space left on device" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names cannot hold a newline")
def test_a_newline_in_a_file_name_does_not_split_the_one_line_results(tmp_path):
    path = tmp_path / "two\nlines.pdf"
    path.write_bytes(SAMPLE.read_bytes())
    env = dict(os.environ)
    table = subprocess.run([sys.executable, "-m", "jfp", "check", str(path), "-q"], capture_output=True, text=True, env=env)
    assert table.stdout.splitlines()[1].startswith("Document   two\\nlines.pdf")
    outline = subprocess.run([sys.executable, "-m", "jfp", "outline", str(path)], capture_output=True, text=True, env=env)
    assert outline.stdout.splitlines()[0].endswith("two\\nlines.pdf")
