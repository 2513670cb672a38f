"""Milestones: staff set counts a petition may pass; once passed, the page says so and the signers
who agreed to campaign email hear of it, once, in their own language."""

import threading

import pytest
from django.db import connection

from outbox.models import OutgoingMail
from people.models import Person
from people.services import person_record_consent
from petitions.models import Milestone
from petitions.services import MILESTONE_MAIL, milestones_mark_reached, signature_confirm, signature_submit
from tests.mail import send_outbox

from .factories import make_petition

pytestmark = pytest.mark.django_db


def make_milestone(petition, signatures=3):
    return Milestone.objects.create(
        petition=petition,
        signatures=signatures,
        consequence_en_gb="The Foreign Secretary must answer in Parliament.",
        consequence_fa="وزیر امور خارجه باید در پارلمان پاسخ دهد.",
    )


def sign_and_confirm(petition, email, *, wants_email=True, language="en-gb", confirm=True):
    signature_id = signature_submit(
        petition=petition, name="Sam Signer", email=email, country="GB", wants_email=wants_email, language=language
    )
    if confirm:
        signature_confirm(signature_id)
    return signature_id


@pytest.fixture
def petition():
    return make_petition()


@pytest.fixture
def signers(petition):
    """Five signers: two who want campaign email (one reads Persian), one who does not, one who
    never confirmed, and one who unsubscribed after signing."""
    sign_and_confirm(petition, "english@example.org")
    sign_and_confirm(petition, "persian@example.org", language="fa")
    sign_and_confirm(petition, "no-updates@example.org", wants_email=False)
    sign_and_confirm(petition, "pending@example.org", confirm=False)
    sign_and_confirm(petition, "unsubscribed@example.org")
    person_record_consent(
        Person.objects.get(email="unsubscribed@example.org"), status=Person.EmailConsent.UNSUBSCRIBED, source="test"
    )
    OutgoingMail.objects.all().delete()  # the confirmation mails


def test_passing_a_milestone_mails_each_signer_who_agreed_once_in_their_language(petition, signers, mailoutbox):
    milestone = make_milestone(petition, signatures=4)
    assert milestones_mark_reached() == [milestone.pk]
    assert milestones_mark_reached() == []
    send_outbox()
    assert sorted(m.to[0] for m in mailoutbox) == ["english@example.org", "persian@example.org"]
    english = next(m for m in mailoutbox if m.to == ["english@example.org"])
    assert english.subject == "“Hold an independent inquiry” has passed 4 signatures"
    assert "The Foreign Secretary must answer in Parliament." in english.body
    assert petition.get_absolute_url() in english.body
    assert "/email/unsubscribe/" in english.extra_headers["List-Unsubscribe"]
    persian = next(m for m in mailoutbox if m.to == ["persian@example.org"])
    assert "۴" in persian.subject and "امضا" in persian.subject
    assert "وزیر امور خارجه باید در پارلمان پاسخ دهد." in persian.body
    assert "/fa/petitions/" in persian.body

    milestones_mark_reached()
    send_outbox()
    assert len(mailoutbox) == 2


def test_milestones_passed_together_are_all_marked_but_signers_hear_only_of_the_highest(petition, signers, mailoutbox):
    low, high = make_milestone(petition, signatures=2), make_milestone(petition, signatures=4)
    not_yet = make_milestone(petition, signatures=100)
    assert sorted(milestones_mark_reached()) == sorted([low.pk, high.pk])
    send_outbox()
    assert sorted(m.to[0] for m in mailoutbox) == ["english@example.org", "persian@example.org"]
    english = next(m for m in mailoutbox if m.to == ["english@example.org"])
    assert english.subject == "“Hold an independent inquiry” has passed 4 signatures"
    assert list(Milestone.objects.filter(reached_at__isnull=True)) == [not_yet]


def test_a_milestone_not_yet_passed_sends_nothing(petition, signers, mailoutbox):
    milestone = make_milestone(petition, signatures=5)  # four validated signatures so far
    assert milestones_mark_reached() == []
    send_outbox()
    assert mailoutbox == []
    milestone.refresh_from_db()
    assert milestone.reached_at is None


def test_someone_who_unsubscribes_before_the_mail_goes_is_skipped(petition, signers, mailoutbox):
    make_milestone(petition, signatures=4)
    milestones_mark_reached()
    person_record_consent(
        Person.objects.get(email="persian@example.org"), status=Person.EmailConsent.UNSUBSCRIBED, source="test"
    )
    send_outbox()
    assert [m.to[0] for m in mailoutbox] == ["english@example.org"]


def test_the_mail_goes_out_over_smtp(petition, signers, smtp_server):
    make_milestone(petition, signatures=4)
    milestones_mark_reached()
    assert send_outbox() == 2
    (message,) = smtp_server.collector.wait_for("persian@example.org")
    assert "وزیر امور خارجه" in message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.django_db(transaction=True)
def test_checks_running_at_once_mark_and_mail_a_milestone_once(petition, signers):
    milestone = make_milestone(petition, signatures=4)
    results, barrier = [], threading.Barrier(4)

    def check():
        try:
            barrier.wait()
            results.append(milestones_mark_reached())
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=len) == [[], [], [], [milestone.pk]]
    assert OutgoingMail.objects.filter(kind=MILESTONE_MAIL, about_id=milestone.pk).count() == 2


def test_the_page_shows_milestones_reached_and_to_come(client, petition, signers):
    make_milestone(petition, signatures=4)
    make_milestone(petition, signatures=1000)
    milestones_mark_reached()
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Milestones" in page
    assert "4 signatures" in page and "reached on" in page
    assert "1,000 signatures" in page and "not yet reached" in page
    assert "The Foreign Secretary must answer in Parliament." in page
    persian = client.get("/fa" + petition.get_absolute_url()).content.decode()
    assert "وزیر امور خارجه باید در پارلمان پاسخ دهد." in persian
    assert "۱٬۰۰۰" in persian
