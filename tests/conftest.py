"""Fixtures shared by the whole suite. Tests run against the real PostgreSQL and Redis that
`make test` names in DATABASE_URL and REDIS_URL."""

import importlib

import pytest
import redis
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.test import Client

from campaign.demo import load_demo_data

from .services import CeleryProcess, SMTPServer


@pytest.fixture
def demo_event(db):
    """The conference of 10 September 2020 with its campaign, people and recommendations."""
    return load_demo_data()


STAFF_GROUP_MIGRATIONS = [
    ("campaign.migrations.0002_staff_groups", "create_groups"),
    ("campaign.migrations.0003_signature_permissions", "grant_signature_permissions"),
    ("campaign.migrations.0004_outreach_permissions", "grant_outreach_permissions"),
    ("campaign.migrations.0005_import_permission", "grant_import"),
    # After 0004: takes back the beat schedule permissions 0004 gave Outreach.
    ("campaign.migrations.0007_no_group_edits_schedules", "withdraw_schedule_permissions"),
    ("registrations.migrations.0002_staff_permissions", "grant_registration_permissions"),
    ("motions.migrations.0002_staff_permissions", "grant_motion_permissions"),
    ("recommendations.migrations.0006_public_office_permissions", "grant_public_office_permissions"),
    ("backing.migrations.0003_staff_permissions", "grant_backing_permissions"),
    ("lobbying.migrations.0002_staff_permissions", "grant_lobbying_permissions"),
    ("constituencies.migrations.0002_staff_permissions", "grant_constituency_permissions"),
]


def ensure_staff_groups():
    """The groups come from data migrations; a transactional test before this one flushed them."""
    if Group.objects.filter(name="Editors").exists():
        return
    for module, function in STAFF_GROUP_MIGRATIONS:
        getattr(importlib.import_module(module), function)(django_apps, None)


def make_staff_user(django_user_model, username, group_name):
    ensure_staff_groups()
    user = django_user_model.objects.create_user(username=username, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_staff_user(django_user_model, "editor", "Editors")


@pytest.fixture
def outreach_user(db, django_user_model):
    return make_staff_user(django_user_model, "outreach", "Outreach")


def log_in_verified(client, user):
    """Log `user` in as having passed the second factor: a real TOTP device, and the session mark
    django-otp sets when its code is accepted. Superusers and holders of the personal-data
    permission need this to reach the admin; the login with a real code is tested in
    tests/personal_data/test_two_factor.py and tests/browser/test_two_factor.py."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's superuser client, verified by a second factor."""
    return log_in_verified(Client(), admin_user)


@pytest.fixture
def personal_data_user(db, django_user_model):
    """An Editor who was given the personal-data permission, one by one as the README says."""
    from django.contrib.auth.models import Permission

    user = make_staff_user(django_user_model, "dataofficer", "Editors")
    user.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    return user


@pytest.fixture
def personal_data_client(personal_data_user):
    return log_in_verified(Client(), personal_data_user)


@pytest.fixture
def editor_client(editor):
    # A client of its own, so that a test can hold an editor's and an outreach client at once.
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def outreach_client(outreach_user):
    client = Client()
    client.force_login(outreach_user)
    return client


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    """Tests see every change at once; tests/petitions/test_page_cache.py turns the cache on."""
    settings.PETITION_PAGE_CACHE_SECONDS = 0
    settings.BACKING_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def clear_rate_limits(settings):
    """Rate-limit counters live in Redis; each test starts with none."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter("campaign:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free port; Django's mail goes to it for the length of the test."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        yield server


@pytest.fixture
def purge_queues(settings):
    """Drop tasks left in the test Redis by earlier runs."""
    from campaign.celery import app

    with app.connection_for_write() as connection:
        for queue in ("celery", "mail"):
            connection.default_channel.queue_purge(queue)


@pytest.fixture
def confirmation_worker(transactional_db, smtp_server, live_server, purge_queues):
    """A real Celery worker process sending mail to `smtp_server`, with links to `live_server`."""
    worker = CeleryProcess(
        name="confirmations",
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "SITE_URL": live_server.url},
    )
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request to a /fa/ page leaves Persian active in the thread."""
    from django.utils import translation

    translation.activate("en-gb")
    yield
    translation.activate("en-gb")
