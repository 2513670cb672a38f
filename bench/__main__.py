"""`make bench`: run the benchmarks, print their tables, write bench/results/<name>.json.

    python -m bench [surge|outreach|million|openloop|nodes|imports|postcodes ...] [--small]

Each benchmark runs in a process of its own, on a database it recreates (campaign_bench, or
BENCH_DATABASE_URL) and Redis database 12 (BENCH_REDIS_URL). --small runs tiny sizes, for the tests.
"""

import argparse
import subprocess
import sys

from . import harness

SIZES = {
    "surge": {"full": {"users_levels": (16, 64, 256), "duration": 15}, "small": {"users_levels": (2,), "duration": 2}},
    "outreach": {"full": {"recipients": 20000, "baseline": 2000}, "small": {"recipients": 40, "baseline": 5}},
    "million": {
        "full": {"total": 1_000_000, "repeat": 20, "people": 100_000},
        "small": {"total": 2000, "repeat": 2, "people": 200},
    },
    "openloop": {"full": {"rates": (50, 100, 150), "duration": 20}, "small": {"rates": (5,), "duration": 2}},
    "imports": {"full": {"rows": 100_000}, "small": {"rows": 300}},
    "postcodes": {"full": {"rows": 2_700_000}, "small": {"rows": 2000}},
    "nodes": {
        "full": {"rate": 20, "duration": 30, "supporters": 5000},
        "small": {"rate": 4, "duration": 6, "supporters": 200, "mail_rate": 40, "web_workers": 2},
    },
}


def run_one(name, small):
    from importlib import import_module

    module = import_module(f"bench.{name}")
    return module.run(**SIZES[name]["small" if small else "full"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("benchmarks", nargs="*", help=f"any of {', '.join(SIZES)} (default: all)")
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.benchmarks = args.benchmarks or list(SIZES)
    unknown = set(args.benchmarks) - set(SIZES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    if args.in_process:
        for name in args.benchmarks:
            run_one(name, args.small)
        return
    failed = []
    for name in args.benchmarks:
        command = [harness.PYTHON, "-m", "bench", name, "--in-process"] + (["--small"] if args.small else [])
        if subprocess.run(command, cwd=harness.ROOT, env=harness.bench_env()).returncode:
            failed.append(name)
    if failed:
        sys.exit(f"Benchmarks failed: {', '.join(failed)} (logs in var/bench-logs/)")


if __name__ == "__main__":
    main()
