"""What every benchmark needs: a fresh database, the production stack in processes of its own on
loopback, percentiles, and a place for the figures."""

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", ROOT / "bench" / "results"))
LOGS = ROOT / "var" / "bench-logs"
PYTHON = sys.executable


def bench_env(**extra):
    """The environment of every process of a benchmark run: its own database and Redis database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campaign_bench"),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "WHITENOISE_USE_FINDERS": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def setup_django(env):
    """Configure Django in this process with the benchmark's environment."""
    os.environ.update(env)
    import django

    django.setup()


def recreate_database(env):
    """Drop and create the benchmark database, then migrate it. Returns nothing; raises on failure."""
    url = urlparse(env["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


@contextmanager
def process(name, command, env, *, port=None, ready_text=None, timeout=60):
    """Run a process for the length of a `with` block, its output in var/bench-logs/NAME.log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / f"{name}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            if port:
                wait_for_port(port, timeout)
            if ready_text:
                deadline = time.monotonic() + timeout
                while ready_text not in log_path.read_text():
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"{name} did not start: see {log_path}")
                    time.sleep(0.1)
            yield proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, 9)
                    proc.wait()


def gunicorn(env, port, name="gunicorn", workers=None):
    """The web server as a deployment would run it on this machine (see README, Running at scale)."""
    workers = str(workers or int(os.environ.get("BENCH_GUNICORN_WORKERS", 2 * psutil.cpu_count() + 1)))
    threads = os.environ.get("BENCH_GUNICORN_THREADS", "4")
    command = [
        PYTHON, "-m", "gunicorn", "campaign.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", workers, "--threads", threads,
        "--worker-class", "gthread", "--backlog", "2048", "--log-level", "warning",
    ]  # fmt: skip
    return process(name, command, env, port=port)


def celery_beat(env, name):
    """A beat; any number may run, one leads (campaign/beat.py)."""
    command = [PYTHON, "-m", "celery", "-A", "campaign", "beat", "--loglevel=INFO"]
    return process(f"beat-{name}", command, env, ready_text="beat: Starting...", timeout=60)


def celery_worker(env, name, concurrency=2):
    command = [
        PYTHON, "-m", "celery", "-A", "campaign", "worker", "--queues=celery,mail", "--loglevel=INFO", f"--hostname={name}@%h",
        f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    return process(f"worker-{name}", command, env, ready_text=" ready.", timeout=60)


def smtp_sink(port, links_file=None, log_file=None):
    command = [PYTHON, "-m", "bench.smtp_sink", "--port", str(port)]
    if links_file:
        command += ["--links-file", str(links_file)]
    if log_file:
        command += ["--log-file", str(log_file)]
    return process("smtp-sink", command, os.environ.copy(), port=port)


def peak_rss(proc):
    """Resident memory of a process and its children, in MiB."""
    try:
        parent = psutil.Process(proc.pid)
        return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]) / 2**20
    except psutil.NoSuchProcess:
        return 0.0


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(seconds):
    return {
        "p50_ms": round(1000 * percentile(seconds, 50), 1) if seconds else None,
        "p95_ms": round(1000 * percentile(seconds, 95), 1) if seconds else None,
        "p99_ms": round(1000 * percentile(seconds, 99), 1) if seconds else None,
        "mean_ms": round(1000 * statistics.fmean(seconds), 1) if seconds else None,
    }


def machine():
    return {
        "cpus": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        # The machine may be shared: how busy it was when the figures were written.
        "load_average_1_5_15_min": [round(load, 2) for load in os.getloadavg()],
    }


def write_result(name, data):
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine(), **data}
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")
    return data


def print_table(title, columns, rows):
    widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(columns)]
    print(f"\n{title}")
    print("  ".join(str(c).ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
