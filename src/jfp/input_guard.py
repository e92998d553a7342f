"""An output never replaces an input: ``jfp check plan.md --output plan.md`` is refused.

Compared by real path (links and ``..`` resolved), so another spelling of the same file
is caught too. Used by ``check`` (its ``--output`` files and the config's ``outputs``) and
``batch`` (its ``--out`` folder).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from jfp.errors import UsageError


def refuse_inputs_as_outputs(outputs: Iterable[str | os.PathLike[str]], inputs: Iterable[str | os.PathLike[str]],
                             flag: str = "--output") -> None:
    """UsageError (exit 2) when any output path is, by real path, one of the inputs."""
    real = {os.path.realpath(p): Path(p) for p in inputs}
    for out in outputs:
        same = real.get(os.path.realpath(out))
        if same is not None:
            raise UsageError(f"{flag} {out} is the input {same}; writing there would destroy it, so choose another path.")
