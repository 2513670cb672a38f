"""The app behind PgBouncer in transaction pooling (DATABASE_POOLING=transaction): what it needs,
and what would break without it. The whole deployment is run in test_several_nodes.py."""

import os
import subprocess
import sys

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured

from campaign.beat import LEADER_LOCK_KEY, Leadership
from petitions.services import signature_submit
from tests.petitions.factories import make_petition

from ..services import ROOT


def run_app(pgbouncer, code):
    """Run `code` in a Django process of its own that reaches the database through PgBouncer."""
    env = {**os.environ, "DATABASE_URL": pgbouncer.url, "DATABASE_POOLING": "transaction"}
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout.strip()


def test_two_sessions_through_a_transaction_pool_would_both_hold_one_advisory_lock(pgbouncer):
    # Why the beats' leader lock needs a connection to PostgreSQL itself: both "sessions" are
    # lent the same server session, where the lock is already held, so both would lead.
    with (
        psycopg.connect(pgbouncer.url, autocommit=True) as first,
        psycopg.connect(pgbouncer.url, autocommit=True) as second,
    ):
        query = "SELECT pg_try_advisory_lock(%s)"
        assert first.execute(query, [LEADER_LOCK_KEY]).fetchone() == (True,)
        assert second.execute(query, [LEADER_LOCK_KEY]).fetchone() == (True,)
        first.execute("SELECT pg_advisory_unlock_all()")


@pytest.mark.django_db
def test_a_beat_refuses_to_start_in_transaction_pooling_without_its_own_lock_database(settings):
    settings.DATABASE_POOLING, settings.BEAT_LOCK_DATABASE_URL = "transaction", ""
    with pytest.raises(ImproperlyConfigured, match="BEAT_LOCK_DATABASE_URL"):
        Leadership()
    settings.BEAT_LOCK_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
    Leadership()


def test_the_app_in_pooling_mode_uses_no_held_cursor_and_no_prepared_statement(pgbouncer):
    output = run_app(
        pgbouncer,
        "from django.db import connection; connection.ensure_connection(); "
        "print(connection.settings_dict['DISABLE_SERVER_SIDE_CURSORS'], connection.connection.prepare_threshold)",
    )
    assert output.splitlines()[-1] == "True None"


def test_the_signatures_export_streams_every_row_through_the_pool(pgbouncer):
    petition = make_petition()
    for n in range(7):
        signature_submit(petition=petition, name=f"Signer {n}", email=f"signer{n}@example.org", country="GB")
    output = run_app(
        pgbouncer,
        "from petitions.exports import signature_rows; from petitions.models import Petition; "
        f"print(b''.join(signature_rows(Petition.objects.get(pk={petition.pk}), chunk_bytes=100)).count(b'\\n'))",
    )
    assert output.splitlines()[-1] == "8"  # the header and every row


def test_a_time_zone_one_client_sets_is_not_seen_by_another(pgbouncer):
    # Django sends SET TIME ZONE on a new connection; PgBouncer keeps it with the client that
    # set it and puts it on every server session it lends that client, never on another's.
    with (
        psycopg.connect(pgbouncer.url, autocommit=True) as first,
        psycopg.connect(pgbouncer.url, autocommit=True) as second,
    ):
        timezone = "SELECT current_setting('timezone')"
        first.execute("SET TIME ZONE 'America/New_York'")
        with second.transaction():  # lent the session the SET ran on (PgBouncer reuses the last one freed)
            assert second.execute(timezone).fetchone() != ("America/New_York",)
            assert first.execute(timezone).fetchone() == ("America/New_York",)  # on another session
