"""Before the tests: say which service is unreachable and how to start it, instead of a wall of errors."""

import os
import shutil
import socket
import sys
from urllib.parse import urlparse

HOW_TO_START = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
}


def reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def main():
    problems = []
    for name, variable, default_port in (("PostgreSQL", "DATABASE_URL", 5432), ("Redis", "REDIS_URL", 6379)):
        url = urlparse(os.environ[variable])
        host, port = url.hostname or "127.0.0.1", url.port or default_port
        if not reachable(host, port):
            problems.append(
                f"{name} is not reachable at {host}:{port} ({variable}). Start it with:\n    {HOW_TO_START[name]}"
            )
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        problems.append(
            "Chromium is missing; the browser tests drive it. Install it with:\n"
            "    apt-get update && apt-get install -y chromium"
        )
    if not os.path.exists("/usr/sbin/nginx"):
        problems.append(
            "nginx is missing; the proxy tests start one in front of the test server. Install it with:\n"
            "    apt-get update && apt-get install -y nginx-light"
        )
    if not os.path.exists("/usr/sbin/pgbouncer"):
        problems.append(
            "PgBouncer is missing; the several-node tests start one in front of PostgreSQL. Install it with:\n"
            "    apt-get update && apt-get install -y pgbouncer"
        )
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
