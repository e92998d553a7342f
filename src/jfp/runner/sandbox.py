"""Run the check of one document in a forked child with a wall-clock and memory limit.

A hostile document can make a parser or the engine hang, eat all memory or crash inside
a C library (pdfium, libxml2). None of that may take jfp down with it: ``bounded`` runs
the work in a child process (``os.fork``, so the parent's loaded rule pack and imports
are shared for free) under ``RLIMIT_AS``, waits at most ``timeout`` seconds for the
pickled result on a pipe, and turns every way the child can fail into a
``DocumentError`` with one clear sentence: "timeout", "too-large" (memory) or "crashed".

Where ``os.fork`` is missing (Windows) the work runs in-process without limits.
"""
from __future__ import annotations

import faulthandler
import gc
import os
import pickle
import select
import signal
import sys
import time

from jfp.errors import DocumentError, JfpError, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

_MB = 1024 * 1024


def available() -> bool:
    """Whether limits can be enforced here (POSIX fork and resource limits)."""
    try:
        import resource  # noqa: F401
    except ImportError:  # pragma: no cover - Windows
        return False
    return hasattr(os, "fork")


def own_address_space() -> int:
    """Bytes of address space this process already maps (0 when /proc is unavailable)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(extra_bytes: int) -> int:
    """Cap this process's address space at its current size plus ``extra_bytes``; the cap."""
    import resource

    # The child starts as a copy of jfp with its libraries mapped; the budget is on top
    # of that, so "--max-memory 500" means 500 MB for the document, wherever jfp runs.
    soft = own_address_space() + extra_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    return soft


def die_with_parent(parent_pid: int) -> None:
    """Make this forked helper die when the process that forked it dies (Linux).

    A helper (``jfp.runner.share``) whose parent was killed at the time limit would otherwise
    run on, orphaned, for as long as a hostile file keeps pdfium busy: possibly for ever.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's own cleanup has to do
        return
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)


def peak_address_space() -> int:
    """VmPeak of this process in bytes (0 when /proc is unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _lift_memory_limit() -> None:
    """Give back the address space so the child can report its MemoryError."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def timeout_error(label: str, timeout: float) -> DocumentError:
    """The DocumentError for work on ``label`` stopped at the time limit."""
    return DocumentError(
        label,
        f"took longer than the {timeout:g}-second time limit and was stopped; if the file is trusted, raise --timeout.",
        "timeout",
    )


def _memory_sentence(max_memory_mb: float | None) -> str:
    limit = f"the {max_memory_mb:g} MB memory limit" if max_memory_mb else "the available memory"
    return f"needed more than {limit} and was stopped; if the file is trusted, raise --max-memory."


def _child(fd: int, label: str, fn: Callable[..., T], args: tuple, max_memory_mb: float | None) -> None:
    """Run ``fn`` and write one pickled outcome to ``fd``; never returns."""
    status = 0
    try:
        # Whatever a C library or a crash handler prints would break the one-line
        # contract on the user's terminal; the outcome travels through the pipe instead.
        faulthandler.disable()
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        budget = int(max_memory_mb * _MB) if max_memory_mb else 0
        cap = limit_memory(budget) if budget else 0
        try:
            outcome: tuple = ("ok", fn(*args))
        except DocumentError as exc:
            outcome = ("document", exc.path, exc.detail, exc.reason)
        except JfpError as exc:
            outcome = ("usage", str(exc), exc.exit_code)
        except MemoryError:
            _lift_memory_limit()
            outcome = ("document", label, _memory_sentence(max_memory_mb), "too-large")
        except RecursionError:
            outcome = ("document", label, "the document's structure is nested too deeply to check.", "corrupt")
        except BaseException as exc:  # noqa: BLE001 - a bug must reach the parent, not vanish with the child
            _lift_memory_limit()
            import traceback

            outcome = ("bug", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        if cap and outcome[0] != "ok" and _hit_the_cap(outcome, cap, budget):
            _lift_memory_limit()
            outcome = ("document", label, _memory_sentence(max_memory_mb), "too-large")
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            _lift_memory_limit()
            payload = pickle.dumps(("document", label, _memory_sentence(max_memory_mb), "too-large"))
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        status = 70
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's inherited buffers


# Reasons that can hide a failed allocation: libxml2 reports one as a syntax error,
# pdfium as a damaged file, the parsers' own MemoryError handler says "too-large".
_MAYBE_MEMORY = {"corrupt", "too-large", "crashed"}


def _hit_the_cap(outcome: tuple, cap: int, budget: int) -> bool:
    """Whether a failure came with the peak address space near the cap (within 8 MB or 5%)."""
    if outcome[0] == "document" and outcome[3] not in _MAYBE_MEMORY:
        return False
    return peak_address_space() >= cap - max(8 * _MB, budget // 20)


def read_until_eof(fd: int, deadline: float | None) -> bytes | None:
    """Everything written to ``fd`` until EOF; None when the deadline (a monotonic time) passes first."""
    chunks: list[bytes] = []
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def kill(pid: int) -> None:
    """SIGKILL ``pid`` if it still exists."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def bounded(
    fn: Callable[..., T],
    *args: object,
    label: str,
    timeout: float | None,
    max_memory_mb: float | None,
) -> T:
    """``fn(*args)`` run in a child under the limits; its result, or the DocumentError it became.

    ``label`` names the document(s) in the sentence when the child is stopped. A
    ``DocumentError`` or ``UsageError`` raised by ``fn`` is re-raised here unchanged.
    """
    if not (timeout or max_memory_mb) or not available():
        return fn(*args)
    # Output written before the fork must not be written twice (the child never flushes,
    # but a buffered line could still be lost on an abnormal exit of the parent).
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    # The child shares this process's pages until it writes to one; the collector writes to
    # every object it visits, so what is already loaded (modules, the rule pack) is moved
    # out of its reach first, and the child copies only the pages it really changes.
    gc.freeze()
    pid = -1
    try:
        pid = os.fork()
    finally:
        if pid != 0:
            gc.unfreeze()
    if pid == 0:  # pragma: no cover - runs in the child; its outcome is what the tests check
        os.close(read_fd)
        _child(write_fd, label, fn, args, max_memory_mb)
    os.close(write_fd)
    deadline = None if not timeout else time.monotonic() + timeout
    reaped = False
    try:
        data = read_until_eof(read_fd, deadline)
        if data is None:
            kill(pid)
            raise timeout_error(label, timeout)
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        os.close(read_fd)
        if not reaped:
            kill(pid)
            os.waitpid(pid, 0)
    return _outcome(data, status, label, max_memory_mb)


def _outcome(data: bytes, status: int, label: str, max_memory_mb: float | None):
    if not data:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            # The kernel's OOM killer, or someone else's kill.
            raise DocumentError(label, _memory_sentence(max_memory_mb), "too-large")
        how = (
            f"signal {signal.Signals(os.WTERMSIG(status)).name}" if os.WIFSIGNALED(status)
            else f"exit status {os.WEXITSTATUS(status)}"
        )
        if max_memory_mb:
            # A C library that cannot allocate usually aborts rather than failing cleanly.
            raise DocumentError(
                label,
                f"made the reader crash ({how}); the file is damaged or needs more than the "
                f"{max_memory_mb:g} MB memory limit.",
                "crashed",
            )
        raise DocumentError(label, f"made the reader crash ({how}); the file is probably damaged.", "crashed")
    outcome = pickle.loads(data)
    kind = outcome[0]
    if kind == "ok":
        return outcome[1]
    if kind == "document":
        raise DocumentError(outcome[1], outcome[2], outcome[3])
    if kind == "usage":
        exc = UsageError(outcome[1])
        exc.exit_code = outcome[2]
        raise exc
    # A bug in jfp, not in the document; still one sentence, with the detail for a bug report.
    if os.environ.get("JFP_DEBUG"):
        sys.stderr.write(outcome[2])
    raise DocumentError(
        label, f"could not be checked because jfp failed ({outcome[1]}); please report this.", "crashed"
    )
