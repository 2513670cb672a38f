"""Benchmark 4: the signing POST's latency when signers arrive at a fixed rate (open loop).

The same stack as the surge (bench/surge.py): gunicorn, PostgreSQL, Redis, a worker sending the
confirmation mails to an SMTP sink, everything on this machine. bench/arrivals.py starts a new
signer every 1/rate seconds whatever the server does, so when the server falls behind the queue
grows and the latency shows it, as it would for the public in a surge.
"""

import json
import subprocess

from . import harness

GOAL_RATE = 100  # signatures a second offered: three times the UK Parliament site's 2019 peak
GOAL_P99_MS = 250


def run_arrivals(env, base, rate, duration, petition, links_file=None, output=None):
    """Run the open-loop generator; its JSON result, with every request it made."""
    command = [
        harness.PYTHON, "-m", "bench.arrivals", "--base", base, "--rate", str(rate), "--duration", str(duration),
        "--petition", petition,
    ]  # fmt: skip
    if links_file:
        command += ["--links-file", str(links_file)]
    if output:
        command += ["--output", str(output)]
        subprocess.run(command, cwd=harness.ROOT, env=env, check=True)
        return json.loads(output.read_text())
    return json.loads(subprocess.run(command, cwd=harness.ROOT, env=env, check=True, capture_output=True).stdout)


def failed(status):
    return not isinstance(status, int) or status >= 400


def summary(result, kind="sign"):
    """What a table shows of one run: achieved rate, latency of `kind` requests, errors."""
    requests = [r for r in result["requests"] if r[0] == kind]
    latencies = [ended - started for _, started, ended, status in requests if not failed(status)]
    errors = [r for r in result["requests"] if failed(r[3])]
    statuses = {}
    for *_, status in requests:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "offered_per_second": int(result["rate"]) if float(result["rate"]).is_integer() else result["rate"],
        "arrivals": result["arrivals"],
        "signed": result["signed"],
        "signed_per_second": round(result["signed"] / result["signing_seconds"], 1),
        **harness.summary_ms(latencies),
        "max_ms": round(1000 * max(latencies), 1) if latencies else None,
        "errors": len(errors),
        "statuses": statuses,
        "generator_start_lag_max_s": result["start_lag_max_s"],
        "generator_cpu_s": result["generator_cpu_s"],
    }


def run(*, rates=(50, 100, 150), duration=20):
    smtp_port, web_port = harness.free_port(), harness.free_port()
    env = harness.bench_env(
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_port, SITE_URL=f"http://127.0.0.1:{web_port}", DATABASE_CONN_MAX_AGE=60
    )
    harness.recreate_database(env)
    subprocess.run(
        [harness.PYTHON, "manage.py", "seed_demo"], cwd=harness.ROOT, env=env, check=True, capture_output=True
    )
    petition = "independent-inquiry-1988-massacre"
    base = f"http://127.0.0.1:{web_port}"
    levels = []
    with harness.smtp_sink(smtp_port), harness.gunicorn(env, web_port), harness.celery_worker(env, "mail"):
        run_arrivals(env, base, min(rates), 2, petition)  # warm up every gunicorn worker
        for rate in rates:
            levels.append(summary(run_arrivals(env, base, rate, duration, petition)))
    at_goal = next((level for level in levels if level["offered_per_second"] == GOAL_RATE), None)
    met = bool(at_goal and at_goal["errors"] == 0 and at_goal["p99_ms"] < GOAL_P99_MS)
    goals = {
        "rate": GOAL_RATE,
        "p99_goal_ms": GOAL_P99_MS,
        "p99_ms": at_goal and at_goal["p99_ms"],
        "errors": at_goal and at_goal["errors"],
        "met": met,
    }
    result = harness.write_result("signing_open_loop", {"duration_s": duration, "levels": levels, "goals": goals})
    harness.print_table(
        "4. Signing at a fixed arrival rate (open loop; latency of the signing POST)",
        ["offered /s", "signed /s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "generator late s", "goal"],
        [
            [level["offered_per_second"], level["signed_per_second"], level["p50_ms"], level["p95_ms"],
             level["p99_ms"], level["max_ms"], level["errors"], level["generator_start_lag_max_s"],
             f"p99 < {GOAL_P99_MS} ms, 0 errors" if level["offered_per_second"] == GOAL_RATE else ""]
            for level in levels
        ],
    )  # fmt: skip
    if at_goal:
        print(f"Goal: p99 < {GOAL_P99_MS} ms and 0 errors at {GOAL_RATE} signatures/s offered -> met: {met}")
    return result
