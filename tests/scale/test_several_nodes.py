"""The several-node run (bench/nodes.py) at small sizes: two gunicorn servers behind Debian's
nginx, PgBouncer in transaction pooling, two Celery workers and two beats, one Redis, an SMTP
sink; a surge across both servers while a mailing sends, then the same with one web server, one
worker and the leading beat killed with SIGKILL mid-run. `make bench` runs it at full size."""

import json
import os
import subprocess
import sys

import pytest

from bench import cluster

from ..services import ROOT

pytestmark = [pytest.mark.several_nodes, pytest.mark.timeout_long]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    assert not cluster.available(), f"missing: {cluster.available()} (apt-get install pgbouncer nginx-light)"
    results = tmp_path_factory.mktemp("results")
    env = {**os.environ, "BENCH_RESULTS_DIR": str(results)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "bench", "nodes", "--small"]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "5. Several nodes" in completed.stdout
    return json.loads((results / "several_nodes.json").read_text())


@pytest.fixture(scope="module")
def surge(run):
    return run["phases"][0]


@pytest.fixture(scope="module")
def with_kills(run):
    return run["phases"][1]


def test_a_surge_across_both_servers_while_a_mailing_sends_has_no_error(surge):
    assert surge["signing_posts_accepted"] > 0 and surge["errors"] == 0
    assert surge["signature_rows"] == surge["signing_posts_accepted"]


def test_every_validated_signature_is_counted_exactly_once(run, surge, with_kills):
    for phase in (surge, with_kills):
        assert phase["validated_rows"] == phase["confirmations_done"] == phase["signature_rows"] > 0
    assert run["counts"]["count_shards_sum"] == run["counts"]["validated_rows"] > 0


def test_every_mail_is_received_exactly_once(surge):
    assert surge["confirmation_mails_received"] == surge["signature_rows"]
    assert surge["mailing_mails_received"] == surge["mailing_recipients"] > 0
    assert surge["confirmation_mails_received_twice"] == surge["mailing_mails_received_twice"] == 0


def test_killing_a_web_server_fails_only_the_requests_it_held(with_kills):
    assert "web-a" in with_kills["killed"]["processes"]
    assert with_kills["errors_not_held_by_the_killed_server"] == 0
    # A signing POST it held may have been kept or not; none accepted is lost.
    kept_beyond_accepted = with_kills["signature_rows"] - with_kills["signing_posts_accepted"]
    assert 0 <= kept_beyond_accepted <= with_kills["signing_posts_failed"]


def test_after_a_worker_and_the_leading_beat_are_killed_mid_mailing_nothing_is_lost(with_kills):
    killed = with_kills["killed"]
    assert "worker-a" in killed["processes"] and killed["mailing_was_sending"]
    assert killed["new_leader"] not in killed["processes"]  # the other beat took over
    assert with_kills["mailing_mails_received"] == with_kills["mailing_recipients"]
    assert with_kills["confirmation_mails_received"] == with_kills["signature_rows"]


def test_no_mail_is_received_twice_but_what_the_killed_worker_was_sending(with_kills):
    twice = with_kills["confirmation_mails_received_twice"] + with_kills["mailing_mails_received_twice"]
    assert twice <= with_kills["killed"]["mails_in_flight_at_most"]


def test_the_csv_export_through_pgbouncer_has_every_row(run):
    assert run["export"]["rows"] == run["export"]["signature_rows"] > 0
