"""The ``jfp`` command's entry point (the console script and ``python -m jfp``).

Kept free of heavy imports: ``jfp.prefetch`` starts reading a plan named on the command
line before typer, pydantic and the models are loaded.
"""
from __future__ import annotations

import errno
import os
import sys

# Commands that hold no resources needing cleanup at exit once they return (their reports
# are written and closed): they skip the interpreter's teardown of every module and object,
# about 0.02 s of a fresh run. batch keeps the normal exit (its worker pool cleans up).
_QUICK_EXIT = ("outline", "check")


# A full disk or a failing device while writing a report or a message: one sentence, exit 2.
_WRITE_FAILURES = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def main() -> None:
    """Console-script entry point."""
    from jfp import prefetch

    args = sys.argv[1:]
    prefetch.start(args)
    try:
        if args[:1] == ["outline"]:
            from jfp.quick_outline import run as show

            try:
                code = show(args[1:])
            except BrokenPipeError:  # the reader went away (| head): exit 1 quietly, as click does
                code = 1
            if code is not None:
                _quick_exit(code)
        from jfp.cli import main as run

        run()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if not isinstance(done.code, (int, type(None))):
            print(done.code, file=sys.stderr)
        _leave(args, code)
    except KeyboardInterrupt:
        sys.stderr.write("jfp: interrupted.\n")
        _leave(args, 130)
    except OSError as exc:
        # Unreadable documents are DocumentErrors and unwritable --output files have their
        # own sentence; what is left is standard output on a full or failing device.
        if exc.errno not in _WRITE_FAILURES:
            raise
        sys.stderr.write(f"jfp: cannot write the output ({exc.strerror or exc}).\n")
        _leave(args, 2)
    finally:
        prefetch.finish()


def _leave(args: list[str], code: int) -> None:
    """Exit with ``code``: quickly for the commands that can, normally for the others."""
    if args[:1] and args[0] in _QUICK_EXIT:
        _quick_exit(code)
    sys.exit(code)


def _quick_exit(code: int) -> None:
    from jfp import prefetch

    prefetch.finish()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (jfp check ... | head): nothing more to say
        pass
    os._exit(code)


if __name__ == "__main__":
    main()
