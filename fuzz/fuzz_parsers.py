"""Fuzz the DOCX and PDF readers: every input must be read or refused with a DocumentError.

    pip install atheris        # a prebuilt wheel on Linux x86-64; not part of the test extra
    python fuzz/fuzz_parsers.py -max_total_time=300 fuzz/corpus   # atheris (coverage-guided)
    python fuzz/fuzz_parsers.py --seconds 300                     # no atheris: random mutation

The first byte of an input picks the target: raw .docx bytes, raw .pdf bytes, or (structure
aware, so the XML walker is reached past the zip checksums) the bytes of word/document.xml
or word/styles.xml inside an otherwise valid package. A finding is any exception other than
``DocumentError``, a refusal that only the dispatcher's generic fallback would have caught,
or an input taking longer than ``SLOW_SECONDS``. Findings are saved under fuzz/findings/.
Native crashes (a segfault in pdfium or libxml2) stop the run; jfp's sandbox turns those
into "crashed" refusals in the CLI, and the saved input reproduces them here.
"""
from __future__ import annotations

import atexit
import hashlib
import io
import random
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

SLOW_SECONDS = 5.0
FINDINGS = ROOT / "fuzz" / "findings"
TARGETS = ("docx", "pdf", "document.xml", "styles.xml")
STATS = {"inputs": 0, "findings": 0, "start": time.monotonic()}


def _import_readers():
    from jfp.parsers import docx_read, pdf_read

    return docx_read, pdf_read


try:
    import atheris

    with atheris.instrument_imports(include=["jfp"]):
        DOCX, PDF = _import_readers()
except ImportError:  # the fallback mutator below needs nothing but the standard library
    atheris = None
    DOCX, PDF = _import_readers()

from jfp.errors import DocumentError  # noqa: E402
from jfp.parsers import Limits  # noqa: E402
from jfp.parsers.builder import DocumentBuilder  # noqa: E402

LIMITS = Limits()


def package(parts: dict[str, bytes]) -> bytes:
    """A .docx zip holding ``parts`` (content types added)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def seeds() -> list[bytes]:
    """Starting inputs, each prefixed with its target byte."""
    from hostile.generate import good_docx_bytes, minimal_pdf, text_stream

    docx = good_docx_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        document, styles = zf.read("word/document.xml"), zf.read("word/styles.xml")
    pdfs = [minimal_pdf([text_stream(["1 Our plan", "We will publish the milestones each year."])])]
    pdfs += [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))]
    return [b"\x00" + docx, *(b"\x01" + p for p in pdfs), b"\x02" + document, b"\x03" + styles]


_STYLES = b""
_DOCUMENT = b""


def one_input(data: bytes) -> None:
    """Run one input through its target; raise AssertionError for a finding."""
    STATS["inputs"] += 1
    if not data:
        return
    target = TARGETS[data[0] % len(TARGETS)]
    body = data[1:]
    if target == "document.xml":
        blob, reader, name = package({"word/document.xml": body, "word/styles.xml": _STYLES}), DOCX, "fuzz.docx"
    elif target == "styles.xml":
        blob, reader, name = package({"word/document.xml": _DOCUMENT, "word/styles.xml": body}), DOCX, "fuzz.docx"
    elif target == "docx":
        blob, reader, name = body, DOCX, "fuzz.docx"
    else:
        blob, reader, name = body, PDF, "fuzz.pdf"
    start = time.monotonic()
    try:
        builder = DocumentBuilder(name, "pdf" if reader is PDF else "docx", "0" * 64, len(blob))
        reader.read_into(name, blob, LIMITS, builder)  # the reader itself: its raw exceptions
    except DocumentError:
        pass
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        _record(data, f"{type(exc).__name__}: {exc}")
        raise
    elapsed = time.monotonic() - start
    if elapsed > SLOW_SECONDS:
        _record(data, f"slow: {elapsed:.1f}s")
        raise AssertionError(f"{target} input took {elapsed:.1f}s")


def _record(data: bytes, what: str) -> None:
    STATS["findings"] += 1
    FINDINGS.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    (FINDINGS / f"{name}.bin").write_bytes(data)
    (FINDINGS / f"{name}.txt").write_text(what + "\n", encoding="utf-8")
    print(f"finding {name}: {what}", file=sys.stderr)


def _summary() -> None:
    seconds = time.monotonic() - STATS["start"]
    print(f"fuzz_parsers: {STATS['inputs']} inputs in {seconds:.0f} s, {STATS['findings']} findings", file=sys.stderr)


def _mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        pos = rng.randrange(1, max(2, len(out)))
        if op < 0.4 and len(out) > 1:
            out[pos % len(out)] ^= 1 << rng.randrange(8)
        elif op < 0.55:
            out[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op < 0.7:
            del out[pos:pos + rng.randint(1, 64)]
        elif op < 0.85:
            other = rng.choice(pool)
            start = rng.randrange(max(1, len(other)))
            out[pos:pos] = other[start:start + rng.randint(1, 256)]
        else:
            magic = rng.choice([b"<!DOCTYPE x [", b"&amp;", b"<w:p>", b"</w:p>", b" 0 R", b"obj", b"endobj",
                                b"/Kids [", b"stream\n", b"\xff\xfe", b"999999999", b"-1"])
            out[pos:pos] = magic
    return bytes(out)


def fallback(seconds: float, seed: int) -> int:
    """Random mutation of the seeds for ``seconds`` (no coverage feedback)."""
    rng = random.Random(seed)
    pool = seeds()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = _mutate(rng, rng.choice(pool), pool)
        try:
            one_input(data)
        except Exception:  # noqa: BLE001 - recorded; keep going
            continue
    return 1 if STATS["findings"] else 0


def main() -> int:
    """atheris when installed (libFuzzer flags pass through), else the random fallback."""
    global _STYLES, _DOCUMENT
    initial = seeds()
    _DOCUMENT, _STYLES = initial[-2][1:], initial[-1][1:]
    atexit.register(_summary)
    if atheris is not None and "--seconds" not in sys.argv:
        corpus = [a for a in sys.argv[1:] if not a.startswith("-")]
        for folder in corpus:
            Path(folder).mkdir(parents=True, exist_ok=True)
            for i, blob in enumerate(initial):
                (Path(folder) / f"seed-{i}").write_bytes(blob)
        atheris.Setup(sys.argv, one_input)
        atheris.Fuzz()
        return 0
    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 60.0
    return fallback(seconds, seed=int(time.time()))


if __name__ == "__main__":
    sys.exit(main())
