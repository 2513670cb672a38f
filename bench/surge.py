"""Benchmark 1: signatures per second under a surge, against the same server's ceilings."""

import json
import subprocess

from . import harness

GOAL_RATIO = 0.5
GOAL_P99_MS = 250


def run_load(env, base, mode, users, duration, petition, links_file=None):
    command = [
        harness.PYTHON, "-m", "bench.load", "--base", base, "--mode", mode, "--users", str(users),
        "--duration", str(duration), "--petition", petition,
    ]  # fmt: skip
    if links_file:
        command += ["--links-file", str(links_file)]
    output = subprocess.run(command, cwd=harness.ROOT, env=env, check=True, capture_output=True, text=True).stdout
    result = json.loads(output)
    latencies = result.pop("latencies")
    lags = result.pop("count_lags")
    result["per_second"] = round(result["ok"] / result["seconds"], 1) if result["seconds"] else 0
    result.update(harness.summary_ms(latencies))
    result["count_lag_p50_s"] = round(harness.percentile(lags, 50), 2) if lags else None
    result["count_lag_max_s"] = round(max(lags), 2) if lags else None
    return result


def run(*, users_levels=(16, 64, 256), duration=15, ceiling_users=64):
    smtp_port, web_port = harness.free_port(), harness.free_port()
    links_file = harness.LOGS / "confirmation-links.txt"
    harness.LOGS.mkdir(parents=True, exist_ok=True)
    links_file.write_text("")
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
    with harness.smtp_sink(smtp_port, links_file), harness.gunicorn(env, web_port), harness.celery_worker(env, "mail"):
        run_load(env, base, "constant", 8, 2, petition)  # warm up every gunicorn worker
        # And every path a signature takes (page, form, mail, confirmation), so that the levels
        # measure a server that has been serving, not each process compiling its templates.
        run_load(env, base, "sign", 16, 5, petition, links_file=links_file)
        constant = run_load(env, base, "constant", ceiling_users, duration, petition)
        insert = run_load(env, base, "insert", ceiling_users, duration, petition)
        for users in users_levels:
            levels.append(run_load(env, base, "sign", users, duration, petition, links_file=links_file))
    at_64 = next((level for level in levels if level["users"] == 64), levels[-1])
    ratio = round(at_64["per_second"] / insert["per_second"], 2) if insert["per_second"] else None
    goals = {
        "ratio_to_bare_insert_at_64": ratio,
        "ratio_goal": GOAL_RATIO,
        "p99_ms_at_64": at_64["p99_ms"],
        "p99_goal_ms": GOAL_P99_MS,
        "errors_at_64": at_64["errors"],
        "met": bool(ratio and ratio >= GOAL_RATIO and at_64["errors"] == 0 and at_64["p99_ms"] <= GOAL_P99_MS),
    }
    result = harness.write_result(
        "signature_surge",
        {
            "duration_s": duration,
            "ceilings": {"constant": constant, "bare_insert": insert},
            "levels": levels,
            "goals": goals,
        },
    )
    rows = [
        ["constant view", ceiling_users, constant["per_second"], constant["p50_ms"], constant["p95_ms"], constant["p99_ms"], constant["errors"], "", ""],
        ["bare ORM insert", ceiling_users, insert["per_second"], insert["p50_ms"], insert["p95_ms"], insert["p99_ms"], insert["errors"], "", ""],
    ]  # fmt: skip
    for level in levels:
        share = round(level["per_second"] / insert["per_second"], 2) if insert["per_second"] else ""
        rows.append(
            [f"sign (x{share} of insert)", level["users"], level["per_second"], level["p50_ms"], level["p95_ms"],
             level["p99_ms"], level["errors"], level["count_lag_p50_s"], level["confirmed"]]
        )  # fmt: skip
    harness.print_table(
        "1. Signature surge (accepted signatures/s; latency of the signing POST)",
        ["what", "users", "per s", "p50 ms", "p95 ms", "p99 ms", "errors", "count lag p50 s", "confirmed"],
        rows,
    )
    print(f"Goal: >= {GOAL_RATIO} of bare insert, 0 errors, p99 < {GOAL_P99_MS} ms at 64 users -> met: {goals['met']}")
    return result
