"""The ``jfp`` command's entry point (the console script and ``python -m jfp``).

The one place where the process meets its ending: interrupts, a reader that went away, a
full disk. Everything else is ``jfp.cli``.
"""
from __future__ import annotations

import errno
import os
import sys

# Pydantic scans every installed distribution's entry points for plugins the first time a
# model is built (importlib.metadata and email: ~25 ms of every run); jfp uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# A full disk or a failing device while writing a report or a message: one sentence, exit 2.
_WRITE_FAILURES = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def main() -> None:
    """Console-script entry point."""
    from jfp.collector import collect_rarely

    collect_rarely()  # before the imports: they are a third of the objects a check makes
    try:
        from jfp.cli import main as run

        code = run()
    except SystemExit as done:  # argparse's --help, --version and usage errors
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if not isinstance(done.code, (int, type(None))):
            print(done.code, file=sys.stderr)
    except KeyboardInterrupt:
        sys.stderr.write("jfp: interrupted.\n")
        code = 130
    except BrokenPipeError:  # the reader went away (jfp check ... | head): exit 1 quietly
        code = 1
    except OSError as exc:
        # Unreadable documents are DocumentErrors and unwritable --output files have their
        # own sentence; what is left is standard output on a full or failing device.
        if exc.errno not in _WRITE_FAILURES:
            raise
        sys.stderr.write(f"jfp: cannot write the output ({exc.strerror or exc}).\n")
        code = 2
    _exit(code)


def _exit(code: int) -> None:
    """Flush what is left and exit; a closed pipe at this point is not worth a message."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):
            # Python would complain about the failed flush again at exit; point the stream
            # at nothing so it does not (the documented way for a closed pipe).
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            except (OSError, ValueError):
                pass
            if code == 0:
                code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
