"""Registrations keep no more than needed: guest lists erased a set time after the event (counts
kept), unconfirmed registrations deleted once their link expires, and a person's own data
exported or erased on request."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from outbox.models import OutgoingMail
from people.data_rights import person_erase, person_export
from people.models import Person
from registrations.models import Registrant
from registrations.services import (
    registrant_check_in,
    registrants_erase_after_events,
    registrants_purge_unconfirmed,
    registration_counts,
)
from registrations.tasks import erase_guest_lists, purge_unconfirmed_registrants

from .factories import make_event, make_registrant, make_registration

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_guest_lists_are_erased_a_set_number_of_days_after_the_event_counts_kept(settings):
    settings.REGISTRATION_KEEP_DAYS = 30
    registration = make_registration(capacity=1)
    came = make_registrant(registration, "came@example.org", name="Ada Lovelace", name_on_id="Augusta Ada King")
    make_registrant(registration, "waited@example.org", name="Wendy Waiting", organisation="Org")
    registrant_check_in(registrant_id=came.pk)
    recent = make_registration(make_event(slug="recent"))
    make_registrant(recent, "recent@example.org", name="Rita Recent")
    counts_before = registration_counts([registration.event_id])[registration.event_id]

    event = registration.event
    event.starts_at = timezone.now() - 31 * DAY
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()
    recent_event = recent.event
    recent_event.starts_at = timezone.now() - 10 * DAY
    recent_event.save()

    assert erase_guest_lists() == 2  # the nightly task, as beat runs it
    assert registration_counts([registration.event_id])[registration.event_id] == counts_before
    for registrant in Registrant.objects.filter(event=event):
        assert registrant.name == "Erased person"
        assert (registrant.email, registrant.name_on_id, registrant.organisation, registrant.person) == (
            None,
            "",
            "",
            None,
        )
    assert not OutgoingMail.objects.filter(to_email__in=["came@example.org", "waited@example.org"]).exists()
    assert Registrant.objects.get(event=recent_event).name == "Rita Recent"
    assert registrants_erase_after_events() == 0  # a second night changes nothing


def test_the_nightly_tasks_are_system_schedules():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"registrations.tasks.erase_guest_lists", "registrations.tasks.purge_unconfirmed_registrants"} <= tasks


def test_unconfirmed_registrations_are_deleted_once_their_link_expired(settings):
    registration = make_registration()
    old = make_registrant(registration, "old@example.org", confirm=False)
    make_registrant(registration, "new@example.org", confirm=False)
    make_registrant(registration, "kept@example.org")
    Registrant.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=settings.REGISTRATION_CONFIRMATION_MAX_AGE + 60)
    )
    assert purge_unconfirmed_registrants() == 1
    assert sorted(Registrant.objects.values_list("email", flat=True)) == ["kept@example.org", "new@example.org"]
    assert not OutgoingMail.objects.filter(to_email="old@example.org").exists()
    assert registrants_purge_unconfirmed() == 0


def test_a_persons_registrations_are_in_their_export_and_go_with_erasure():
    registration = make_registration(capacity=1)
    ada = make_registrant(registration, "ada@example.org", name="Ada Lovelace", name_on_id="Augusta Ada King")
    waiting = make_registrant(registration, "wendy@example.org", name="Wendy Waiting")
    person = Person.objects.get(email="ada@example.org")

    exported = person_export(person)["event_registrations"]
    assert exported[0]["name_on_id"] == "Augusta Ada King" and exported[0]["status"] == "confirmed"

    assert person_erase(person) is None
    ada.refresh_from_db()
    assert (ada.name, ada.email, ada.status) == ("Erased person", None, "cancelled")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # the place she held went to the first waiting
    assert not OutgoingMail.objects.filter(to_email="ada@example.org").exists()
