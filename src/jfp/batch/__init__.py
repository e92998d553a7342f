"""``jfp batch``: check many plans against one rule pack and compare them side by side.

``discover`` turns paths, directories and globs into a sorted file list; ``run_batch``
checks them in worker processes that a bad file can kill without losing anything else,
and writes per-document reports plus ``summary.csv``, ``summary.json`` and ``summary.html``.
"""
from __future__ import annotations

import importlib

# The function shadows its submodule's name, so it is bound here (discover is light).
from jfp.batch.discover import discover

__all__ = ["BatchResult", "DocResult", "discover", "run_batch"]
# Loaded on first use: `jfp check` registers the batch command at start-up and must not
# pay for the worker pool, the result models and the heat map every time.
_HOMES = {"BatchResult": "results", "DocResult": "results", "run_batch": "runner"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"jfp.batch.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'jfp.batch' has no attribute {name!r}")
