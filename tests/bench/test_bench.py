"""The benchmarks, run at tiny sizes: they must work and report what they claim (no timing goals)."""

import http.server
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from bench.harness import percentile, summary_ms
from bench.load import count_lags
from bench.openloop import summary

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
    # Every benchmark but the several-node run, which has tests of its own (tests/scale/).
    command = [sys.executable, "-m", "bench", "surge", "outreach", "million", "openloop", "imports", "--small"]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    for title in ["1. Signature surge", "2. Outreach throughput", "3. A million signatures", "4. Signing at a fixed"]:
        assert title in completed.stdout

    surge = json.loads((tmp_path / "signature_surge.json").read_text())
    (level,) = surge["levels"]
    assert level["ok"] > 0 and level["errors"] == 0
    assert level["confirmed"] > 0  # confirmation mails went through the worker and the SMTP sink
    assert surge["ceilings"]["bare_insert"]["ok"] > 0 and surge["ceilings"]["constant"]["ok"] > 0

    outreach = json.loads((tmp_path / "outreach_throughput.json").read_text())
    assert outreach["mailing"]["per_second"] > 0 and outreach["ceiling_smtplib_loop"]["messages"] == 40

    open_loop = json.loads((tmp_path / "signing_open_loop.json").read_text())
    (level,) = open_loop["levels"]
    assert level["signed"] == level["arrivals"] > 0 and level["errors"] == 0  # every arrival signed
    assert level["p99_ms"] >= level["p50_ms"] > 0

    people_import = json.loads((tmp_path / "people_import.json").read_text())
    assert people_import["new_file"]["new"] == 300 and people_import["updated_file"]["updated"] == 150
    assert people_import["people"] == 300

    million = json.loads((tmp_path / "million_signatures.json").read_text())
    assert million["signatures"] == 2000
    assert million["export"]["rows"] > 0
    assert set(million["pages"]) >= {"petition page", "home page", "petition JSON", "admin search by address"}


@pytest.mark.timeout_long
def test_the_postcode_bench_loads_a_generated_directory_at_a_tiny_size(tmp_path):
    env = {**os.environ, "BENCH_RESULTS_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "bench", "postcodes", "--small"]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "7. Loading the ONS Postcode Directory, 2,000 rows" in completed.stdout
    result = json.loads((tmp_path / "postcode_load.json").read_text())
    expected = result["expected"]
    for load in (result["first_load"], result["reload"]):
        # Every live row loaded once (the straddling ones twice), terminated ones skipped, memory measured.
        assert load["postcodes"] + load["straddling"] + load["terminated"] + load["outside"] == expected["rows"]
        assert load["terminated"] == expected["terminated"] > 0 and load["straddling"] == expected["straddling"] > 0
        assert load["peak_rss_mib"] > 0


class SlowPetition(http.server.BaseHTTPRequestHandler):
    """A petition page with a signing form whose POST takes half a second to answer."""

    def do_GET(self):
        body = b'<form><input name="csrfmiddlewaretoken" value="token"></form>'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.5)
        self.send_response(302)
        self.send_header("Location", "/signed/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_signers_arrive_on_time_however_slowly_the_server_answers():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowPetition)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        command = [sys.executable, "-m", "bench.arrivals", "--base", f"http://127.0.0.1:{server.server_port}",
                   "--rate", "20", "--duration", "1", "--petition", "slow"]  # fmt: skip
        result = json.loads(subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    finally:
        server.shutdown()
    posts = [(started, ended) for kind, started, ended, status in result["requests"] if kind == "sign"]
    assert len(posts) == result["signed"] == 20
    assert all(ended - started >= 0.5 for started, ended in posts)
    # A closed loop would have waited for each answer: 20 signers one after another take 10 s.
    starts = sorted(started for started, _ in posts)
    assert starts[-1] - starts[0] < 1.5


def test_the_open_loop_summary_is_of_the_signing_posts_and_counts_every_failure():
    result = {
        "rate": 2, "arrivals": 4, "signed": 2, "signing_seconds": 2.0, "start_lag_max_s": 0.0, "generator_cpu_s": 0.1,
        "requests": [["page", 0.0, 0.5, 200], ["sign", 1.0, 1.1, 302], ["sign", 2.0, 2.3, 302],
                     ["page", 3.0, 3.2, 502], ["sign", 4.0, 9.0, "exception: ClientConnectionError"]],
    }  # fmt: skip
    figures = summary(result)
    assert figures["errors"] == 2
    assert figures["p50_ms"] == pytest.approx(100, abs=1) and figures["max_ms"] == pytest.approx(300, abs=1)
