"""Reading a settings file (a config or a rule file) without trusting what sits at its path.

A path may name a FIFO, ``/dev/zero`` or a link to either: opening a FIFO blocks until a
writer comes, and reading ``/dev/zero`` never ends. So the file is opened non-blocking,
checked with ``fstat`` to be a regular file before any read, and read up to a size bound.
Every refusal is a ``UsageError`` (exit 2) naming the file.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from jfp.errors import UsageError


def read_settings_file(path: Path, what: str, max_bytes: int) -> bytes:
    """The bytes of a settings file (config or rule file); UsageError unless it is a regular file of bounded size.

    Opened non-blocking and checked with fstat before any read, so a FIFO, ``/dev/zero``
    or a link to a device is refused at once instead of hanging or filling memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UsageError(f"{path}: {what} not found.") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what} ({exc.strerror or exc}).") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path}: {what} is not a regular file.")
        if info.st_size > max_bytes:
            raise UsageError(f"{path}: {what} is larger than {max_bytes // 1024} KB.")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:  # it grew while being read
                raise UsageError(f"{path}: {what} is larger than {max_bytes // 1024} KB.")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what} ({exc.strerror or exc}).") from None
    finally:
        os.close(fd)
