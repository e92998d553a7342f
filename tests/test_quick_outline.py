"""jfp.quick_outline: ``jfp outline FILE`` served from the head start without the command line.

It may only make ``jfp outline`` faster: for every file and every form it serves, the
output, the errors and the exit code are the command line's, byte for byte; every other
form goes to the command line.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from jfpenv import jfp_env
from pdfbytes import zero_page_pdf

from jfp.quick_outline import plain_arguments

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIX = ROOT / "tests" / "fixtures" / "pdf"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the head start needs os.fork")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan.pdf"], ("plan.pdf", "text")),
        (["plan.pdf", "--format", "json"], ("plan.pdf", "json")),
        (["-f", "json", "plan.docx"], ("plan.docx", "json")),
        (["--format=json", "plan.pdf"], ("plan.pdf", "json")),
        (["plan.pdf", "-f", "json", "--format", "text"], ("plan.pdf", "text")),  # the last one wins, as in click
    ],
)
def test_plain_forms_are_served(args, expected):
    assert plain_arguments(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["plan.pdf", "--help"],
        ["plan.pdf", "--format", "xml"],
        ["plan.pdf", "--format"],
        ["plan.pdf", "--timeout", "5"],
        ["plan.pdf", "--max-memory=100"],
        ["plan.pdf", "other.pdf"],
        ["--", "plan.pdf"],
        ["-"],
        ["-fjson", "plan.pdf"],
    ],
)
def test_every_other_form_is_left_to_the_command_line(args):
    assert plain_arguments(args) is None


def _jfp(args: list[str], cwd: Path, prefetching: bool = True, block_cli: bool = False) -> subprocess.CompletedProcess:
    env = jfp_env(prefetching)
    # With the command line blocked, only the quick path can answer (an ImportError otherwise).
    code = (
        "import sys\n"
        + ("sys.modules['jfp.cli'] = None\n" if block_cli else "")
        + f"sys.argv = ['jfp', *{args!r}]\nfrom jfp.__main__ import main\nmain()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)


def _files(tmp: Path) -> dict[str, Path]:
    (tmp / "renamed.docx").write_bytes((SAMPLES / "harrowfield-thin.pdf").read_bytes())
    (tmp / "no-pages.pdf").write_bytes(zero_page_pdf())
    (tmp / "cut.docx").write_bytes((SAMPLES / "harrowfield-thin.docx").read_bytes()[:3000])
    return {
        "pdf": SAMPLES / "harrowfield-gaps.pdf",
        "docx": SAMPLES / "harrowfield-gaps.docx",
        "garbled": FIX / "garbled.pdf",
        "two-column": FIX / "layout.pdf",
        "scanned": FIX / "image-only.pdf",
        "encrypted": FIX / "encrypted.pdf",
        "renamed": tmp / "renamed.docx",
        "no-pages": tmp / "no-pages.pdf",
        "cut-zip": tmp / "cut.docx",
    }


FORMS = {
    "text": lambda f: [f],
    "json": lambda f: [f, "--format", "json"],
    "short-first": lambda f: ["-f", "json", f],
    "equals": lambda f: ["--format=text", f],
    "declined": lambda f: [f, "--format", "xml"],
    "declined-option": lambda f: [f, "--timeout", "30"],
}
CASES = [("pdf", form) for form in FORMS] + [("docx", form) for form in FORMS] + [
    (name, form) for name in ("garbled", "two-column", "scanned", "encrypted", "renamed", "no-pages", "cut-zip")
    for form in ("text", "json")
]


@pytest.mark.parametrize(("name", "form"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_outline_says_what_the_command_line_says(name, form, tmp_path):
    path = _files(tmp_path)[name]
    # A path as the user typed it, relative, since the outline shows it as given.
    args = ["outline", *FORMS[form](os.path.relpath(path, tmp_path))]
    quick, plain = _jfp(args, tmp_path), _jfp(args, tmp_path, prefetching=False)
    assert (quick.returncode, quick.stdout, quick.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert quick.stdout or quick.stderr


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the head start needs a second core")
@pytest.mark.parametrize("name", ["pdf", "docx", "garbled"])
@pytest.mark.parametrize("form", ["text", "json"])
def test_a_readable_plan_is_shown_without_loading_the_command_line(name, form, tmp_path):
    path = _files(tmp_path)[name]
    args = ["outline", *FORMS[form](str(path))]
    quick = _jfp(args, tmp_path, block_cli=True)
    assert quick.returncode == 0, quick.stderr
    assert quick.stdout == _jfp(args, tmp_path, prefetching=False).stdout


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the head start needs a second core")
def test_a_file_that_cannot_be_read_goes_to_the_command_line(tmp_path):
    # The command line reads it again in its sandbox and says why; with it blocked, the
    # quick path's refusal to answer shows as the ImportError.
    quick = _jfp(["outline", str(FIX / "image-only.pdf")], tmp_path, block_cli=True)
    assert quick.returncode != 0 and "jfp.cli" in quick.stderr


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the head start needs a second core")
def test_ctrl_c_while_waiting_for_the_head_start_is_one_line_and_exit_130(tmp_path):
    code = (
        "import sys\n"
        "from jfp import prefetch\n"
        "def interrupted(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "prefetch.take = interrupted\n"
        f"sys.argv = ['jfp', 'outline', {str(SAMPLES / 'harrowfield-thin.pdf')!r}]\n"
        "from jfp.__main__ import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (130, "jfp: interrupted.\n", "")


def test_the_quick_path_knows_only_options_the_command_line_has():
    # If the command line's outline options change, the quick path must not keep serving
    # forms the command line no longer accepts (or reads differently).
    import typer.main

    from jfp.cli import app
    from jfp.quick_outline import _FORMATS

    outline = typer.main.get_command(app).commands["outline"]
    fmt = next(p for p in outline.params if p.name == "fmt")
    assert set(fmt.opts) | set(fmt.secondary_opts) == {"--format", "-f"}
    assert fmt.default == "text" and _FORMATS == ("text", "json")
    arguments = [p for p in outline.params if p.param_type_name == "argument"]
    assert [a.name for a in arguments] == ["file"] and arguments[0].nargs == 1


@pytest.mark.parametrize("prefetching", [True, False], ids=["quick", "command-line"])
def test_a_reader_that_goes_away_ends_the_outline_quietly(prefetching, tmp_path):
    # The JSON outline of the strong sample is larger than a pipe's buffer, so writing it
    # to a pipe whose reader has gone fails part way (as with `jfp outline ... | head`).
    env = jfp_env(prefetching)
    proc = subprocess.Popen(
        [sys.executable, "-m", "jfp", "outline", str(SAMPLES / "harrowfield-strong.pdf"), "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert (proc.wait(), stderr) == (1, "")
