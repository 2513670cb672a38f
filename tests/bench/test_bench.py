"""The benchmarks, run at tiny sizes: they must work and report what they claim (no timing goals)."""

import json
import os
import subprocess
import sys

import pytest

from bench.harness import percentile, summary_ms
from bench.load import count_lags

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_percentiles():
    values = [i / 1000 for i in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(0.051, abs=0.002)
    assert percentile(values, 99) == pytest.approx(0.099, abs=0.002)
    assert summary_ms([0.01, 0.02, 0.03])["p50_ms"] == 20.0
    assert percentile([], 50) is None


def test_count_lag_is_time_from_confirmation_to_the_count_showing_it():
    confirmed = [10.0, 10.5]
    observations = [(9.9, 0), (10.1, 1), (10.4, 1), (10.7, 2)]
    assert count_lags(confirmed, observations, base_count=0) == pytest.approx([0.1, 0.2])


@pytest.mark.timeout_long
def test_make_bench_runs_at_tiny_sizes(tmp_path):
    env = {**os.environ, "BENCH_RESULTS_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--small"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    for title in ["1. Signature surge", "2. Outreach throughput", "3. A million signatures"]:
        assert title in completed.stdout

    surge = json.loads((tmp_path / "signature_surge.json").read_text())
    (level,) = surge["levels"]
    assert level["ok"] > 0 and level["errors"] == 0
    assert level["confirmed"] > 0  # confirmation mails went through the worker and the SMTP sink
    assert surge["ceilings"]["bare_insert"]["ok"] > 0 and surge["ceilings"]["constant"]["ok"] > 0

    outreach = json.loads((tmp_path / "outreach_throughput.json").read_text())
    assert outreach["mailing"]["per_second"] > 0 and outreach["ceiling_smtplib_loop"]["messages"] == 40

    million = json.loads((tmp_path / "million_signatures.json").read_text())
    assert million["signatures"] == 2000
    assert million["export"]["rows"] > 0
    assert set(million["pages"]) >= {"petition page", "home page", "petition JSON", "admin search by address"}
