"""Each atheris harness in fuzz/ runs a bounded number of inputs and finds no crash (exit 0)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("harness", ["fuzz_importers.py", "fuzz_card_parser.py"])
def test_atheris_harness_runs_2000_inputs_without_a_crash(harness, tmp_path):
    # instrumenting SQLAlchemy, pydantic and pandas takes ~3 GB: above libFuzzer's 2 GB default
    got = subprocess.run([sys.executable, str(ROOT / "fuzz" / harness), "-atheris_runs=2000",
                          "-seed=1", "-rss_limit_mb=8192"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert got.returncode == 0, got.stderr[-3000:]
    assert "Done 2000" in got.stderr
