"""Read the plan named on the command line while the command line is still loading.

A fresh ``jfp check plan.pdf`` spends about 0.3 s importing typer, pydantic and the
models before it could read a page: longer than poppler's ``pdftotext`` takes for the
whole file. ``start`` runs first thing in the ``jfp`` entry point and forks a child that reads
the first PDF or DOCX named meanwhile, into a ``Recording`` of the builder calls its
parser makes (``pdf_read`` and ``docx_read`` load neither pydantic nor the models, so the
child starts reading at once). The parser then ``take``s the recording and replays it
into its ``DocumentBuilder`` instead of reading the file a second time; ``jfp outline``
shows it without loading the command line at all (``jfp.quick_outline``).

It is a head start, never a second source of results or errors:

- a recording is used only for a file with the same path and the same SHA-256 as the
  bytes the parser was given, and only within the parser's own limits (the page limit;
  the memory limit against what the child needed; zip limits no stricter than the
  defaults the child read with);
- any failure in the child (a damaged or hostile file, a crash, the child's own memory
  cap) only means there is no recording: the parser reads the file itself, in the sandbox,
  and reports what went wrong exactly as it would have without a head start;
- a child that is still running when the command ends is killed by ``finish``, and one
  whose parent was killed ends itself after the default time limit (an alarm).

``JFP_NO_PREFETCH=1`` switches it off (``benchmarks/parse_bench.py`` measures both).
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)

if TYPE_CHECKING:
    from jfp.parsers import Limits
    from jfp.parsers.recording import Recording

# Commands whose first plan argument is read at once; batch has its own workers.
_COMMANDS = ("outline", "check")
# The pydantic-free readers, by file suffix.
_READERS = {".pdf": "jfp.parsers.pdf_read", ".docx": "jfp.parsers.docx_read"}
_MB = 1024 * 1024
_OUTLINE_NICENESS = 5
_ALARM_SECONDS = 121  # one more than the default timeout_seconds (jfp.parsers.Limits)


class _Prefetch:
    __slots__ = ("path", "pid", "fd", "fd_open")

    def __init__(self, path: str, pid: int, fd: int) -> None:
        self.path = path
        self.pid = pid
        self.fd = fd
        self.fd_open = True  # False once taken or closed in this process


_pending: _Prefetch | None = None


def enabled() -> bool:
    """Whether a head start can help here: fork exists, a second core, not switched off."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and not os.environ.get("JFP_NO_PREFETCH")


def document_argument(argv: list[str]) -> str | None:
    """The first existing ``.pdf`` or ``.docx`` file among the arguments of ``jfp outline`` or ``jfp check``."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    for arg in argv[1:]:
        if not arg.startswith("-") and os.path.splitext(arg)[1].lower() in _READERS and os.path.isfile(arg):
            return arg
    return None


def start(argv: list[str]) -> None:
    """Fork a child reading the command line's plan, if there is one and it can help."""
    global _pending
    if _pending is not None or not enabled():
        return
    path = document_argument(argv)
    if path is None:
        return
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return
    # Nothing is imported before the fork: every millisecond here delays the first page.
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's work is checked through take()
        os.close(read_fd)
        _child(path, write_fd, parent)
    os.close(write_fd)
    _pending = _Prefetch(os.path.abspath(path), pid, read_fd)
    if argv[0] == "outline":
        _yield_to_reader()


def _yield_to_reader() -> None:
    """Let the reading child have the CPU first while this process loads the command line.

    ``jfp outline`` waits for the child whatever happens, so the child's reading is the
    critical path and this process's imports are not: lowered priority (nice +5) settles
    contention for the two cores in the child's favour. It is irreversible, so only
    ``outline`` does it, whose own work after the wait is rendering a few lines; ``check``
    keeps its priority for the rule engine.
    """
    try:
        os.nice(_OUTLINE_NICENESS)
    except OSError:
        pass


def _child(path: str, fd: int, parent: int) -> None:
    """Read ``path`` and write (sha256, MB needed, recording) to ``fd``; never returns."""
    status = 1
    try:
        import signal

        from jfp.sandbox import die_with_parent

        # If jfp itself is killed (so finish() never runs), a file that hangs pdfium must
        # not keep this child alive: it dies with jfp (Linux) and, anywhere, SIGALRM ends
        # it after the default time limit.
        die_with_parent(parent)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(_ALARM_SECONDS)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        import importlib
        import pickle

        from jfp.parsers import DEFAULT_LIMITS, sha256_of
        from jfp.parsers.recording import Recording
        from jfp.sandbox import limit_memory, own_address_space, peak_address_space

        reader = importlib.import_module(_READERS[os.path.splitext(path)[1].lower()])

        with open(path, "rb") as fh:
            data = fh.read(DEFAULT_LIMITS.max_file_bytes + 1)
        if 0 < len(data) <= DEFAULT_LIMITS.max_file_bytes:
            before = own_address_space()
            if DEFAULT_LIMITS.max_memory_mb:
                limit_memory(int(DEFAULT_LIMITS.max_memory_mb * _MB))
            recording = reader.read_into(path, data, DEFAULT_LIMITS, Recording())
            needed_mb = max(0, peak_address_space() - before) / _MB
            payload = pickle.dumps((sha256_of(data), needed_mb, recording), pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            status = 0
    except BaseException:  # noqa: BLE001 - any failure only means "no head start"
        status = 1
    finally:
        os._exit(status)


def pending(path: str | os.PathLike[str]) -> bool:
    """Whether a head start for ``path`` is running or waiting to be taken."""
    job = _pending
    return job is not None and job.fd_open and os.path.abspath(path) == job.path


def take(path: str, sha256: str, limits: Limits, timeout: float | None = None) -> Recording | None:
    """The recording made for ``path`` at launch, if it is of these bytes and within ``limits``.

    Blocks until the child has finished, at most ``timeout`` seconds (None: no bound; the
    sandbox around the caller bounds it): past that the child is stopped and the time-limit
    DocumentError raised, as the sandbox would. Used once: a second call (or a call from
    another document's parse) returns None.
    """
    if not pending(path):
        return None
    job = _pending
    import time

    from jfp.sandbox import kill, read_until_eof, timeout_error

    try:
        payload = read_until_eof(job.fd, None if timeout is None else time.monotonic() + timeout)
    except OSError:
        payload = b""  # a broken hand-over: read the file instead
    finally:
        os.close(job.fd)
        job.fd_open = False
    if payload is None:
        kill(job.pid)
        raise timeout_error(path, timeout or 0)
    try:
        import pickle

        got_sha, needed_mb, recording = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - no payload, or a broken one, means reading the file
        return None
    from jfp.parsers import DEFAULT_LIMITS

    if got_sha != sha256 or (recording.pages is not None and recording.pages > limits.max_pages):
        return None
    if limits.max_memory_mb is not None and needed_mb > limits.max_memory_mb:
        return None
    # The child opened a DOCX with the default zip limits; stricter ones must be applied here.
    if limits.max_inflated_bytes < DEFAULT_LIMITS.max_inflated_bytes or limits.max_zip_ratio < DEFAULT_LIMITS.max_zip_ratio:
        return None
    return recording


def finish() -> None:
    """Stop and reap the child if this process started it (the entry point calls this last)."""
    global _pending
    job, _pending = _pending, None
    if job is None:
        return
    if job.fd_open:
        os.close(job.fd)
        job.fd_open = False
    try:
        from jfp.sandbox import kill

        done, _ = os.waitpid(job.pid, os.WNOHANG)
        if done == 0:
            kill(job.pid)
            os.waitpid(job.pid, 0)
    except (ChildProcessError, ProcessLookupError, OSError):
        pass
