"""Starting real Celery processes for a test, and playing beat's part from the test process."""

import contextlib
import time

from .services import CeleryProcess


@contextlib.contextmanager
def start_processes(smtp_server, live_server, settings, overrides):
    """Yields start(name, kind="worker", concurrency=1, **env): Celery processes that send to
    `smtp_server` with `overrides` applied here and in them; all are stopped after the test."""
    for name, value in overrides.items():
        setattr(settings, name, value)
    started = []

    def start(name, kind="worker", concurrency=1, **extra_env):
        env = {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.port),
            "SITE_URL": live_server.url,
            **{key: str(value) for key, value in overrides.items()},
            **{key: str(value) for key, value in extra_env.items()},
        }
        process = CeleryProcess(name=name, kind=kind, env=env, concurrency=concurrency).start()
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            process.stop()


def beat_tick():
    """What beat's ticks do: start due mailings, and queue mail senders when mail waits."""
    from outbox.tasks import tick as outbox_tick
    from outreach.tasks import tick as outreach_tick

    outreach_tick()
    outbox_tick()


def wait_for_messages(smtp_server, count, timeout=60):
    deadline = time.monotonic() + timeout
    while smtp_server.collector.count() < count:
        assert time.monotonic() < deadline, f"fewer than {count} messages after {timeout}s"
        time.sleep(0.05)


def wait_until(condition, timeout=60, every=0.1, message="condition not met"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{message} within {timeout}s"
        time.sleep(every)
