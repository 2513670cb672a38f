"""Real services started by tests: an SMTP server (aiosmtpd) and Celery worker processes."""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
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
