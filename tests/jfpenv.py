"""Test helper: the environment for a ``jfp`` run in a fresh interpreter."""
from __future__ import annotations

import os


def jfp_env(prefetching: bool = True, **extra: str) -> dict[str, str]:
    """This process's environment with the head start on (the default) or off, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "JFP_NO_PREFETCH"}
    if not prefetching:
        env["JFP_NO_PREFETCH"] = "1"
    env.update(extra)
    return env
