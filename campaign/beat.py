"""Celery beat that may die: any number of beats run, one schedules.

Each beat process tries to take a PostgreSQL advisory lock on a connection of its own. The one
that holds it is the leader and runs django-celery-beat's DatabaseScheduler as usual; the others
wait, trying again every BEAT_STANDBY_SECONDS. When the leader's process or machine dies, its
connection closes, PostgreSQL releases the lock at once, and the next standby to ask takes over,
reading the schedules and their last runs afresh from the database. Every task beat runs is safe
to run twice, so a schedule that fires once more around a takeover does no harm.

The leader also keeps the system's own schedules (settings.CELERY_BEAT_SCHEDULE: the outbox and
outreach ticks, the nightly privacy jobs) as written there: one that was deleted, disabled or
edited is put back within a minute.

Without PostgreSQL (SQLite in a first `make run`), there is only one beat and it always leads.
"""

import logging
import time
import zlib

import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django_celery_beat.models import PeriodicTask, PeriodicTasks
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

# One lock for the whole site: the key is a fixed number derived from a name.
LEADER_LOCK_KEY = zlib.crc32(b"campaign.beat.leader")
RESTORE_EVERY_SECONDS = 60


def lock_connection_info():
    """Where the lock is taken: BEAT_LOCK_DATABASE_URL, else the app's own database."""
    if settings.BEAT_LOCK_DATABASE_URL:
        return {"conninfo": settings.BEAT_LOCK_DATABASE_URL}
    if settings.DATABASE_POOLING == "transaction":
        # Through a transaction pool, every beat's lock lands on whichever session PgBouncer lends
        # it: two beats can hold "the" lock at once, and a dead leader's lock is never released.
        raise ImproperlyConfigured(
            "DATABASE_POOLING=transaction: set BEAT_LOCK_DATABASE_URL to PostgreSQL itself (or a "
            "session-pooled PgBouncer database) for the beat's leader lock."
        )
    params = connections["default"].get_connection_params()
    keep = ("dbname", "user", "password", "host", "port", "sslmode")
    return {key: params[key] for key in keep if params.get(key) not in (None, "")}


class Leadership:
    """Holds (or tries to take) the leader lock on a PostgreSQL session of its own."""

    def __init__(self):
        self.connection = None
        self.is_leader = False
        self.uses_postgres = connections["default"].vendor == "postgresql"
        if self.uses_postgres:
            lock_connection_info()  # a beat that cannot lead safely refuses to start

    def check(self):
        """True while this process leads. Returns whether leadership was just taken in `taken`."""
        if not self.uses_postgres:
            return True, not self.is_leader and self._set(True)
        try:
            if self.connection is None or self.connection.closed:
                self.connection = psycopg.connect(**lock_connection_info(), autocommit=True, connect_timeout=5)
                self.is_leader = False
            if self.is_leader:
                self.connection.execute("SELECT 1")  # still connected, so still holding the lock
                return True, False
            (taken,) = self.connection.execute("SELECT pg_try_advisory_lock(%s)", [LEADER_LOCK_KEY]).fetchone()
        except psycopg.Error as error:
            logger.warning("Beat cannot reach PostgreSQL for its leader lock: %s", error)
            self.close()
            return False, False
        if taken:
            self.is_leader = True
            logger.info("This beat now leads (advisory lock %s)", LEADER_LOCK_KEY)
        return bool(taken), bool(taken)

    def _set(self, value):
        self.is_leader = value
        return value

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except psycopg.Error:
                pass
        self.connection = None
        self.is_leader = False


def system_schedules_restore(mapping=None):
    """Put the system's own schedules back as settings write them: present, enabled, unchanged.
    Returns the names that had to be restored."""
    from django_celery_beat.schedulers import ModelEntry

    mapping = mapping if mapping is not None else settings.CELERY_BEAT_SCHEDULE
    restored = []
    for name, entry in mapping.items():
        before = PeriodicTask.objects.filter(name=name).values("task", "enabled", "interval", "crontab").first()
        model = ModelEntry.from_entry(name, **entry).model
        if not model.enabled:
            PeriodicTask.objects.filter(pk=model.pk).update(enabled=True)
        after = PeriodicTask.objects.filter(name=name).values("task", "enabled", "interval", "crontab").first()
        if before != after:
            restored.append(name)
    if restored:
        PeriodicTasks.update_changed()
        logger.warning("System schedules put back as settings write them: %s", ", ".join(restored))
    return restored


class LeaderDatabaseScheduler(DatabaseScheduler):
    def __init__(self, *args, **kwargs):
        self.leadership = Leadership()
        self.last_restore = 0.0
        super().__init__(*args, **kwargs)

    def setup_schedule(self):
        # A standby must not write the schedule table: the leader does that when it takes over.
        pass

    def tick(self, *args, **kwargs):
        leading, taken = self.leadership.check()
        if not leading:
            return settings.BEAT_STANDBY_SECONDS
        if taken:
            system_schedules_restore(self.app.conf.beat_schedule)
            self.last_restore = time.monotonic()
            self._initial_read = True  # read every schedule and its last run from the database again
            self._heap = None
        elif time.monotonic() - self.last_restore > RESTORE_EVERY_SECONDS:
            system_schedules_restore(self.app.conf.beat_schedule)
            self.last_restore = time.monotonic()
        return min(super().tick(*args, **kwargs), settings.BEAT_STANDBY_SECONDS * 5)

    def close(self):
        super().close()
        self.leadership.close()
