"""Consent staff record: given or withdrawn by phone, letter, in person or on an event form, kept
in the consent history with who recorded it, and honoured by the next mailing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach import services as outreach
from people.models import Person
from tests.mail import send_outbox
from tests.outreach.factories import make_mailing, make_supporters, schedule_now

pytestmark = pytest.mark.django_db


def record(client, person, **data):
    form = {"method": "phone", "details": "", "wording": "", "given_on": timezone.localdate().isoformat(), **data}
    return client.post(reverse("admin:people_person_consent", args=[person.pk]), form)


def test_an_opt_out_by_phone_is_recorded_and_honoured_by_the_next_mailing(editor_client, editor, mailoutbox):
    supporters = make_supporters(3)
    response = record(editor_client, supporters[1], status="unsubscribed", method="phone", details="rang the office")
    assert response.status_code == 302
    change = supporters[1].consent_changes.first()
    assert (change.status, change.source, change.recorded_by) == ("unsubscribed", "By phone: rang the office", editor)
    outreach.mailing_start(schedule_now(make_mailing()).pk)
    send_outbox()
    assert sorted(m.to[0] for m in mailoutbox) == ["supporter0@example.org", "supporter2@example.org"]


def test_an_opt_in_by_letter_needs_the_words_agreed_to(editor_client):
    person = Person.objects.create(family_name="Letterwriter", email="l@example.org")
    page = record(editor_client, person, status="subscribed", method="letter").content.decode()
    assert "Give the words they agreed to" in page
    record(editor_client, person, status="subscribed", method="letter", wording="Keep me informed by email.")
    person.refresh_from_db()
    assert person.email_consent == Person.EmailConsent.SUBSCRIBED
    assert person.consent_changes.first().wording == "Keep me informed by email."


def test_a_consent_in_the_future_is_refused(editor_client):
    person = Person.objects.create(family_name="Early", email="e@example.org")
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    page = record(editor_client, person, status="unsubscribed", given_on=tomorrow).content.decode()
    assert "cannot be given in the future" in page


def test_outreach_staff_cannot_record_consent(outreach_client):
    person = Person.objects.create(family_name="Someone", email="s@example.org")
    assert record(outreach_client, person, status="unsubscribed").status_code == 403


def test_a_new_address_clears_a_bounce_back_to_the_consent_before_it(editor):
    from people.services import person_address_changed, person_record_consent

    person = Person.objects.create(family_name="Mover", email="old@example.org")
    person_record_consent(person, status="subscribed", source="Petition", wording="Keep me informed.")
    person_record_consent(person, status="bounced", source="Refused by the mail server")
    person.email = "new@example.org"
    person.save()
    person_address_changed(person, previous_email="old@example.org", recorded_by=editor)
    person.refresh_from_db()
    assert person.email_consent == "subscribed"
    assert person.consent_changes.first().source == "Address changed: the bounce is cleared"
    assert person_address_changed(person, previous_email="new@example.org") is None  # nothing to clear


def test_an_import_records_opt_outs_and_bounces(editor_client):
    from tests.imports.helpers import confirm, upload

    Person.objects.create(family_name="Known", email="known@example.org", email_consent="subscribed")
    rows = "family_name,email,consent\nKnown,known@example.org,unsubscribed\nGone,gone@example.org,bounced\n"
    confirm(editor_client, upload(editor_client, rows))
    assert Person.objects.get(email="known@example.org").email_consent == "unsubscribed"
    assert Person.objects.get(email="gone@example.org").email_consent == "bounced"
