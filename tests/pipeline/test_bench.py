"""make bench's command line: the QUALITY:JOBS sets it renders, and a clear refusal (exit 2)."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

from bench import _parse_runs  # noqa: E402


def test_runs_are_quality_and_jobs_pairs():
    assert _parse_runs("l:1,h:2") == [("l", 1), ("h", 2)]
    assert _parse_runs("k") == [("k", 1)]  # one job unless told


@pytest.mark.parametrize("text", ["x:1", "h:0", "h:two", "h:-1", "lh:1"])
def test_a_bad_run_is_refused_with_its_text(text):
    message = _parse_runs(text)
    assert isinstance(message, str) and repr(text) in message


def test_bench_exits_2_on_a_bad_run_before_rendering():
    r = subprocess.run([sys.executable, str(REPO / "tools" / "bench.py"), "--runs", "q:1"],
                       capture_output=True, text=True, cwd=REPO, timeout=120)
    assert r.returncode == 2 and "--runs" in r.stderr
