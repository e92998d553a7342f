"""The batch state (``DIR/state.sqlite3``): appended per plan, crash-safe, resumed by query (issue 12.4)."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from jfp.batch.manifest import LEGACY_MANIFEST, STATE_NAME, Manifest
from jfp.batch.results import error_row

FINGERPRINT = "f" * 64


def _row(i: int, size: int = 7000):
    # About the size of a real row (30 requirement cells): what the old manifest rewrote per plan.
    return error_row(f"/plans/plan-{i}.md", f"plan-{i}", "empty", "x" * size, sha256=f"{i:064x}")


def test_a_recorded_row_is_reused_by_a_new_run(tmp_path):
    state = Manifest.load(tmp_path)
    state.record(Path("/plans/plan-1.md"), f"{1:064x}", FINGERPRINT, _row(1))
    state.close()
    again = Manifest.load(tmp_path)
    assert len(again) == 1
    assert again.reusable(Path("/plans/plan-1.md"), f"{1:064x}", FINGERPRINT, ["json"]).error_reason == "empty"
    assert again.reusable(Path("/plans/plan-1.md"), "0" * 64, FINGERPRINT, ["json"]) is None  # the file changed
    assert again.reusable(Path("/plans/plan-1.md"), f"{1:064x}", "e" * 64, ["json"]) is None  # the settings changed


def test_recording_costs_the_same_for_the_last_plan_as_for_the_first(tmp_path):
    """The JSON manifest rewrote every row after every plan (quadratic); the state appends one row."""
    state = Manifest.load(tmp_path)
    times = []
    for i in range(2000):
        start = time.perf_counter()
        state.record(Path(f"/plans/plan-{i}.md"), f"{i:064x}", FINGERPRINT, _row(i))
        times.append(time.perf_counter() - start)
    first, last = sorted(times[:250])[125], sorted(times[-250:])[125]  # medians: a busy machine adds noise
    assert last < 4 * first + 0.002, (first, last)
    assert len(state) == 2000


def test_a_state_killed_mid_write_keeps_every_committed_plan(tmp_path):
    script = (
        "import sys, time\nfrom pathlib import Path\nsys.path.insert(0, sys.argv[2])\n"
        "from test_batch_state import _row, FINGERPRINT\nfrom jfp.batch.manifest import Manifest\n"
        "state = Manifest.load(Path(sys.argv[1]))\n"
        "for i in range(100000):\n"
        "    state.record(Path(f'/plans/plan-{i}.md'), f'{i:064x}', FINGERPRINT, _row(i))\n"
        "    if i == 50: print('ready', flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(Path(__file__).parent)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    state = Manifest.load(tmp_path)
    count = len(state)
    assert count > 50
    for i in (0, 50, count - 1):  # every committed row is whole
        assert state.reusable(Path(f"/plans/plan-{i}.md"), f"{i:064x}", FINGERPRINT, ["json"]) is not None


def test_a_damaged_state_file_means_nothing_is_reused(tmp_path):
    (tmp_path / STATE_NAME).write_bytes(b"this is not a database" * 100)
    state = Manifest.load(tmp_path)
    assert len(state) == 0
    state.record(Path("/plans/a.md"), "1" * 64, FINGERPRINT, _row(1))
    assert len(state) == 1


def test_an_older_manifest_json_is_carried_over(tmp_path):
    entry = {"sha256": "1" * 64, "fingerprint": FINGERPRINT, "result": _row(1).model_dump(mode="json")}
    (tmp_path / LEGACY_MANIFEST).write_text(json.dumps({"version": 1, "entries": {"/plans/a.md": entry}}))
    state = Manifest.load(tmp_path)
    assert state.reusable(Path("/plans/a.md"), "1" * 64, FINGERPRINT, ["json"]) is not None
    with sqlite3.connect(tmp_path / STATE_NAME) as db:  # resume by query: the rows are plain SQL
        assert db.execute("SELECT path FROM plans").fetchall() == [(b"/plans/a.md",)]
