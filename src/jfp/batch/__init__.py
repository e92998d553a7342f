"""``jfp batch``: check many plans against one rule pack and compare them side by side.

``discover`` turns paths, directories and globs into a sorted file list; ``run_batch``
checks them in worker processes that a bad file can kill without losing anything else,
and writes per-document reports plus ``summary.csv``, ``summary.json`` and ``summary.html``.
"""
from __future__ import annotations

from jfp.batch.discover import discover
from jfp.batch.results import BatchResult, DocResult
from jfp.batch.runner import run_batch

__all__ = ["BatchResult", "DocResult", "discover", "run_batch"]
