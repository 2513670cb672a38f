"""Fault tests on throwaway instances that the tests start on spare ports: never the machine's
shared PostgreSQL or Redis.

- Redis stops while the public signs: signatures are kept, and their confirmation mails go out once
  it is back (a real beat and worker on that Redis send them).
- PostgreSQL stops: a web server answers with the 503 page, and nothing is half-written.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import requests

from outbox.models import OutgoingMail
from petitions.models import Signature
from tests.petitions.factories import make_petition, signing_form
from tests.services import ROOT, CeleryProcess, free_port

pytestmark = pytest.mark.django_db(transaction=True)

PG_BIN = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])


class ThrowawayRedis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own in a temporary folder, run as the postgres user."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="campaign-pg-"))
        shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"

    def as_postgres(self, *command):
        return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True)

    def init(self):
        self.as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        return self

    def start(self):
        self.as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip

    def stop(self):
        self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self):
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.data), "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.fixture
def throwaway_redis():
    redis = ThrowawayRedis().start()
    yield redis
    redis.stop()


def test_redis_stopped_while_the_public_signs(settings, client, throwaway_redis, smtp_server, live_server):
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": throwaway_redis.url}}
    petition = make_petition()
    assert client.post(f"/petitions/{petition.slug}/sign/", signing_form(email="before@example.org")).status_code == 302

    throwaway_redis.stop()
    for i in range(3):
        response = client.post(f"/petitions/{petition.slug}/sign/", signing_form(email=f"during{i}@example.org"))
        assert response.status_code == 302  # the signer sees the usual page
    assert Signature.objects.count() == 4  # all kept…
    assert OutgoingMail.objects.filter(status="queued").count() == 4  # …and their mail due in the outbox

    throwaway_redis.start()  # Redis is back, empty: whatever was queued in it is gone
    env = {
        "REDIS_URL": throwaway_redis.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "SITE_URL": live_server.url,
    }
    processes = [
        CeleryProcess(name="after-outage", env=env).start(),
        CeleryProcess(name="after-outage", kind="beat", env=env).start(),
    ]
    try:
        wait_for(lambda: smtp_server.collector.count() >= 4, timeout=60)
        time.sleep(1)
    finally:
        for process in processes:
            process.stop()
    recipients = sorted(smtp_server.collector.recipients())
    assert recipients == sorted(
        ["before@example.org", "during0@example.org", "during1@example.org", "during2@example.org"]
    )
    assert OutgoingMail.objects.exclude(status="sent").count() == 0


@pytest.fixture
def throwaway_postgres():
    if os.geteuid() != 0:
        pytest.skip("starting a throwaway PostgreSQL cluster needs root (to run as the postgres user)")
    postgres = ThrowawayPostgres().init()
    postgres.start()
    yield postgres
    postgres.remove()


def test_postgres_stopped_gives_a_503_page_and_writes_nothing_half(throwaway_postgres):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": throwaway_postgres.url,
        "DATABASE_CONN_MAX_AGE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PETITION_PAGE_CACHE_SECONDS": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "campaign.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    petition_url = f"{base}/petitions/independent-inquiry-1988-massacre/"
    try:
        wait_for(lambda: _answers(base + "/"))
        session = requests.Session()
        page = session.get(petition_url)
        assert page.status_code == 200
        token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

        throwaway_postgres.stop()
        home = requests.get(base + "/")
        assert home.status_code == 503 and "Back in a moment" in home.text
        staff = requests.get(base + "/admin/", cookies={"sessionid": "a" * 32})  # the session lookup fails
        assert staff.status_code == 503 and "Back in a moment" in staff.text
        form = {
            **signing_form(email="outage@example.org", country="GB", postcode="SW1A 0AA"),
            "csrfmiddlewaretoken": token,
        }
        signed = session.post(
            petition_url + "sign/", data=form, headers={"Referer": petition_url}, allow_redirects=False
        )
        assert signed.status_code == 503 and "nothing you send can be saved" in signed.text

        throwaway_postgres.start()
        with psycopg.connect(throwaway_postgres.url) as connection:
            rows = connection.execute("SELECT count(*) FROM petitions_signature").fetchone()[0]
        assert rows == 0  # nothing half-written
        assert requests.get(base + "/").status_code == 200  # and the site recovers by itself
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answers(url):
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
