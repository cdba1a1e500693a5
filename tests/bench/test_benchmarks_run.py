"""Each till benchmark still runs (quick mode, small data), as a user runs it: a benchmark
that rots is found here, not on the day someone needs its figures. Only the shape is checked:
speed is never asserted in tests (the figures are ``./dev bench NAME``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TILL_BENCHMARKS = ("cart", "store", "print", "ui")  # ingest and sync have their own tests


@pytest.mark.parametrize("name", TILL_BENCHMARKS)
def test_the_benchmark_runs_and_reports_figures_with_baselines(name: str,
                                                               tmp_path: Path) -> None:
    out = tmp_path / f"{name}.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "bench", name, "--quick", "--json", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(out.read_text())["figures"]
    assert figures
    for figure in figures:
        assert figure["name"].startswith(f"{name}."), figure["name"]
        assert figure["stats"]["samples"] > 0 and figure["baseline"]["samples"] > 0
        assert figure["baseline_name"] and figure["what"]
