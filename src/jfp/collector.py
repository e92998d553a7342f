"""How often Python's cyclic garbage collector runs in jfp's processes: rarely.

The collector runs every 700 net new container objects and scans every young object that
survived; jfp's processes are short and almost everything they build lives until they end
(modules, pydantic's validators, the rule pack, the document and its passages). Measured on
the 120-page benchmark plan, the default thresholds cost 80+ collections during start-up and
as many during the check, 0.04-0.11 s and 0.04-0.06 s of CPU, to find about 60 objects of
cyclic garbage; at most ``YOUNG_OBJECTS_PER_COLLECTION`` a whole check collects nothing and
leaves about 1,300 (a few hundred kB). The collector stays on, so work that does make
cyclic garbage (a long batch worker, a hostile document) still has it collected, every
100,000 objects instead of every 700.
"""
from __future__ import annotations

import gc

YOUNG_OBJECTS_PER_COLLECTION = 100_000  # Python's default: 700


def collect_rarely() -> None:
    """Set this process's collector to run every ``YOUNG_OBJECTS_PER_COLLECTION`` new objects (forks inherit it)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, older, oldest)
