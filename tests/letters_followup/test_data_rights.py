"""Erasure of a person reaches their letters (name, address, email, words) and leaves the counts;
letters are anonymised by the nightly retention job once LETTER_KEEP_DAYS old."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from letters.data_rights import letters_anonymise_old
from letters.followup import SURVEY_MAIL, reply_counts_by_recipient, surveys_queue_due
from letters.followup_tasks import anonymise_old_letters
from letters.models import Letter
from outbox.models import OutgoingMail
from people.data_rights import person_export
from people.models import Person
from tests.security.test_data_rights import rows_mentioning

from .factories import letter_campaign, mp, sent_letter

pytestmark = pytest.mark.django_db

ADDRESS = "17 Quillfeather Lane\nMarlborough"


@pytest.fixture
def letter(db):
    return sent_letter(
        letter_campaign(),
        mp("Gale", "Roger"),
        name="Ada Quillfeather",
        email="ada.quillfeather@example.org",
        address=ADDRESS,
        postcode="SN8 1AA",
        body="As a Quillfeather of Marlborough I ask you to act.",
        reply_reported="yes",
        reply_text="Dear Ms Quillfeather, I will.",
    )


def test_the_export_of_a_person_holds_their_letters(letter):
    data = person_export(Person.objects.get(email="ada.quillfeather@example.org"))
    (exported,) = data["letters"]
    assert exported["address"] == ADDRESS
    assert exported["letter"].startswith("As a Quillfeather")
    assert exported["to"] == "Roger Gale"


def test_erasure_leaves_nothing_of_the_writer_anywhere_in_the_database(letter, admin_client):
    surveys_queue_due(now=timezone.now() + datetime.timedelta(days=30))  # a mail about the letter waits
    assert OutgoingMail.objects.filter(kind=SURVEY_MAIL).exists()
    for text in ("Quillfeather", "SN8 1AA", "ada.quillfeather@example.org"):
        assert rows_mentioning(text), f"the test should start with {text} in the database"
    person = Person.objects.get(email="ada.quillfeather@example.org")
    admin_client.post(reverse("admin:people_person_erase", args=[person.pk]))
    for text in ("Quillfeather", "SN8 1AA", "Marlborough", "ada.quillfeather"):
        assert rows_mentioning(text) == {}, text
    # The MP's count stays: one letter sent, the writer said they replied.
    (row,), _ = reply_counts_by_recipient(campaign=letter.campaign)
    assert (row.counts.sent, row.counts.yes) == (1, 1)


def test_erasure_finds_a_letter_by_address_when_it_was_never_linked(letter):
    from people.data_rights import person_erase

    Letter.objects.filter(pk=letter.pk).update(writer=None)
    person = Person.objects.get(email="ada.quillfeather@example.org")
    person_erase(person)
    letter.refresh_from_db()
    assert (letter.writer_name, letter.writer_address, letter.body, letter.reply_text) == ("Erased person", "", "", "")


def test_old_letters_are_anonymised_and_recent_ones_kept(letter, settings):
    settings.LETTER_KEEP_DAYS = 30
    recent = sent_letter(letter.campaign, letter.recipient, email="recent@example.org", sent_days_ago=5)
    Letter.objects.filter(pk=letter.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert anonymise_old_letters() == 1
    assert letters_anonymise_old() == 0  # nothing left to do the second night
    letter.refresh_from_db()
    recent.refresh_from_db()
    assert letter.writer_name == "Erased person" and letter.writer_email.endswith("@invalid")
    assert letter.body == "" and letter.writer_address == "" and letter.writer is None
    assert letter.reply_reported == "yes"  # the count it makes stays
    assert recent.writer_name == "Ada Lovelace" and recent.body


def test_the_retention_job_is_one_of_the_systems_schedules(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"letters.followup_tasks.anonymise_old_letters", "letters.followup_tasks.queue_letter_surveys"} <= tasks
