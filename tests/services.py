"""Real services started by tests: an SMTP server (aiosmtpd), Celery worker processes and an nginx
reverse proxy."""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


class MailCollector:
    """aiosmtpd handler keeping every message it receives, parsed. It can be slow (`delay` seconds
    per message) and refuse recipients: `refuse` maps an address to an SMTP reply such as
    "550 No such user" or "451 Try again later"."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.delay = 0.0
        self.refuse = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if address.lower() in m["To"].lower()]

    def count(self):
        with self.lock:
            return len(self.messages)

    def recipients(self):
        with self.lock:
            return [m["To"].lower() for m in self.messages]

    def wait_for(self, address, count=1, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{count} message(s) to {address} did not arrive within {timeout}s")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self):
        self.collector = MailCollector()
        self.port = free_port()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def test_database_url():
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class CeleryProcess:
    """A `celery worker` or `celery beat` process on the test database and the test Redis."""

    ready_line = {"worker": " ready.", "beat": "beat: Starting..."}

    def __init__(self, *, name, kind="worker", env=None, concurrency=1):
        self.name, self.kind = name, kind
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "DATABASE_CONN_MAX_AGE": "0",
            **(env or {}),
        }
        self.concurrency = concurrency
        self.log_path = ROOT / "var" / "test-logs" / f"{kind}-{name}.log"
        self.process = None

    def command(self):
        base = [sys.executable, "-m", "celery", "-A", "campaign", self.kind, "--loglevel=INFO"]
        if self.kind == "beat":
            return base
        return base + [
            "--queues=celery,mail",
            f"--hostname={self.name}@%h",
            f"--concurrency={self.concurrency}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ]

    def start(self, timeout=60):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} {self.name} exited: see {self.log_path}")
            if self.ready_line[self.kind] in self.log_path.read_text():
                return self
            time.sleep(0.2)
        raise RuntimeError(f"{self.kind} {self.name} not ready within {timeout}s: see {self.log_path}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def kill(self):
        """SIGKILL the whole worker, main process and pool, as a crash or an OOM kill would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()


NGINX = "/usr/sbin/nginx"

NGINX_CONFIG = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


class NginxProxy:
    """Debian's nginx on a free port in front of `upstream` (a live server's URL), configured as the
    README prescribes: it appends the address it sees to X-Forwarded-For. It runs in the foreground
    as one process of the test's own (daemon off, no master), with every file under a temporary
    directory, and is stopped at the end: no system service is involved."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = tempfile.TemporaryDirectory(prefix="nginx-")
        self.process = None

    def __enter__(self):
        config = Path(self.tmp.name) / "nginx.conf"
        config.write_text(NGINX_CONFIG.format(tmp=self.tmp.name, port=self.port, upstream=self.upstream))
        self.process = subprocess.Popen(
            [NGINX, "-e", f"{self.tmp.name}/error.log", "-p", self.tmp.name, "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(Path(self.tmp.name) / 'error.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen within 10s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.tmp.cleanup()
