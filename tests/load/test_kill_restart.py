"""quality.md R1: zero acknowledged answers lost across 20 kill -9 restarts (SQLite, WAL, FULL)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.hazard("HAZ-005")
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="run once per suite, in the SQLite pass (the harness uses its own file database)",
)
def test_no_acknowledged_answer_is_lost_across_twenty_kill_restarts():
    result = subprocess.run(
        [sys.executable, "bench/reliability_kill_restart.py", "--cycles", "20", "--clients", "8"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    print(summary)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " 0 lost" in result.stdout and "integrity_check failures: 0" in result.stdout
