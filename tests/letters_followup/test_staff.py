"""Staff see letters and replies per MP and per party, read letter text only with the permission,
record a reply saying the MP backs the ask as a backing (after reading it), and thank writers."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backing.models import Backing
from letters.followup import THANKS_MAIL, reply_counts_by_recipient, writers_thank
from letters.models import Letter
from outbox.models import OutgoingMail
from personal_data.models import PersonalDataAccess
from tests.conftest import log_in_verified
from tests.mail import send_outbox

from .factories import letter_campaign, mp, sent_letter

pytestmark = pytest.mark.django_db

LETTERS_URL = reverse("admin:letters_letter_changelist")


def staff_client(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username=username, password="correct horse battery", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return log_in_verified(Client(), user), user


@pytest.fixture
def campaign(db):
    return letter_campaign()


@pytest.fixture
def reader(django_user_model):
    """May see letters and read their text, change them and add backings: the campaign's lead."""
    client, _ = staff_client(
        django_user_model, "reader", "view_letter", "change_letter", "view_letter_text", "add_backing",
        "view_lettercampaign",
    )  # fmt: skip
    return client


@pytest.fixture
def counter(django_user_model):
    """May see letters and campaigns, not what letters say."""
    client, _ = staff_client(django_user_model, "counter", "view_letter", "change_letter", "view_lettercampaign")
    return client


def replies(campaign):
    gale = mp("Gale", "Roger", party="Conservative")
    cox = mp("Cox", "Jo", party="Labour")
    sent_letter(campaign, gale, email="a@example.org", reply_reported="yes", reply_text="I back the inquiry.")
    sent_letter(campaign, gale, email="b@example.org", reply_reported="no")
    sent_letter(campaign, gale, email="c@example.org")
    sent_letter(campaign, cox, email="d@example.org", reply_reported="not_yet")
    sent_letter(campaign, cox, email="e@example.org", status=Letter.Status.AWAITING_CONFIRMATION, sent_at=None)
    return gale, cox


def test_counts_per_mp_and_per_party(campaign):
    gale, cox = replies(campaign)
    rows, parties = reply_counts_by_recipient(campaign=campaign)
    by_name = {row.recipient.family_name: row.counts for row in rows}
    assert (by_name["Gale"].sent, by_name["Gale"].yes, by_name["Gale"].no, by_name["Gale"].unanswered) == (3, 1, 1, 1)
    assert (by_name["Cox"].sent, by_name["Cox"].not_yet) == (1, 1)  # the unconfirmed letter is not "sent"
    assert [(party.name, counts.sent) for party, counts in parties] == [("Conservative", 3), ("Labour", 1)]


def test_the_replies_page_shows_the_counts_and_masks_reply_text(campaign, counter, reader):
    replies(campaign)
    url = reverse("admin:letters_lettercampaign_replies", args=[campaign.pk])
    page = counter.get(url).content.decode()
    assert "4 sent · 1 replied · 1 no reply · 1 not yet · 1 not answered · 0 recorded as backing" in page
    assert "Roger Gale" in page and "Conservative" in page and "Labour" in page
    assert "I back the inquiry." not in page
    assert "hidden (19 characters)" in page
    page = reader.get(url).content.decode()
    assert "I back the inquiry." in page
    assert PersonalDataAccess.objects.filter(username="reader", what__startswith="replies to review").exists()


def test_the_replies_page_needs_the_view_permission(campaign, django_user_model):
    client, _ = staff_client(django_user_model, "other", "view_lettercampaign")
    response = client.get(reverse("admin:letters_lettercampaign_replies", args=[campaign.pk]))
    assert response.status_code == 403


def test_the_replies_page_costs_the_same_queries_at_any_size(campaign, reader):
    url = reverse("admin:letters_lettercampaign_replies", args=[campaign.pk])
    replies(campaign)
    with CaptureQueriesContext(connection) as small:
        assert reader.get(url).status_code == 200
    for index in range(12):
        sent_letter(campaign, mp(f"Member{index}", party=f"Party {index % 4}"), email=f"w{index}@example.org",
                    reply_reported="yes", reply_text="Yes.")  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        assert reader.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_letter_text_is_masked_without_the_permission(campaign, counter, reader):
    letter = sent_letter(campaign, mp("Gale"), body="My private words about my family.", reply_reported="yes",
                         reply_text="Thank you for writing.")  # fmt: skip
    url = reverse("admin:letters_letter_change", args=[letter.pk])
    page = counter.get(url).content.decode()
    assert "My private words" not in page and "Thank you for writing." not in page and "Acacia" not in page
    assert "Hidden: a letter of 33 characters, a reply of 22." in page
    page = reader.get(url).content.decode()
    assert "My private words about my family." in page
    assert PersonalDataAccess.objects.filter(username="reader", object_id=str(letter.pk)).exists()


def select(client, action, letters, **extra):
    return client.post(LETTERS_URL, {"action": action, ACTION_CHECKBOX_NAME: [x.pk for x in letters], **extra})


def test_a_reply_is_recorded_as_backing_only_after_staff_read_it(campaign, reader, client):
    gale = mp("Gale", "Roger")
    letter = sent_letter(campaign, gale, name="Ada Lovelace", reply_reported="yes", reply_text="I back it fully.")
    page = select(reader, "record_as_backing", [letter])
    assert page.status_code == 200
    assert "I back it fully." in page.content.decode()  # the page to review, nothing recorded yet
    assert not Backing.objects.exists()

    select(reader, "record_as_backing", [letter], confirmed="yes")
    backing = Backing.objects.get()
    assert (backing.person, backing.recommendation, backing.how) == (gale, campaign.recommendation, "wrote")
    assert backing.source_description.startswith("Reply to a constituent's letter, ")
    assert backing.source_description_fa.startswith("پاسخ")
    public = " ".join([backing.source_description, backing.source_description_fa, backing.source_url, backing.note])
    assert "Ada" not in public and "Lovelace" not in public and "Acacia" not in public
    letter.refresh_from_db()
    assert letter.backing == backing and letter.reviewed_at is not None


def test_two_replies_from_one_mp_make_one_backing_and_a_second_press_none(campaign, reader):
    gale = mp("Gale")
    first = sent_letter(campaign, gale, email="a@example.org", reply_reported="yes")
    second = sent_letter(campaign, gale, email="b@example.org", reply_reported="yes")
    not_a_reply = sent_letter(campaign, gale, email="c@example.org", reply_reported="no")
    select(reader, "record_as_backing", [first, second, not_a_reply], confirmed="yes")
    select(reader, "record_as_backing", [first, second], confirmed="yes")
    assert Backing.objects.count() == 1
    assert set(Letter.objects.filter(backing__isnull=False).values_list("pk", flat=True)) == {first.pk, second.pk}


def test_recording_a_backing_needs_the_right_to_read_replies(campaign, counter):
    letter = sent_letter(campaign, mp("Gale"), reply_reported="yes", reply_text="Yes.")
    page = counter.get(LETTERS_URL).content.decode()
    assert "record_as_backing" not in page and "thank_writers" in page
    select(counter, "record_as_backing", [letter], confirmed="yes")
    assert not Backing.objects.exists()


def test_marking_a_reply_reviewed_takes_it_off_the_list_to_review(campaign, reader):
    letter = sent_letter(campaign, mp("Gale"), reply_reported="yes", reply_text="Not for now.")
    url = reverse("admin:letters_lettercampaign_replies", args=[campaign.pk])
    assert "Not for now." in reader.get(url).content.decode()
    select(reader, "mark_reviewed", [letter])
    assert "Not for now." not in reader.get(url).content.decode()
    letter.refresh_from_db()
    assert letter.reviewed_at is not None and letter.backing is None


def test_writers_are_thanked_once_per_letter(campaign, counter, smtp_server):
    gale = mp("Gale", "Roger")
    letter = sent_letter(campaign, gale, email="ada@example.org")
    unsent = sent_letter(campaign, gale, email="bob@example.org", status=Letter.Status.CONFIRMED, sent_at=None)
    response = select(counter, "thank_writers", [letter, unsent])
    assert response.status_code == 302
    select(counter, "thank_writers", [letter])
    assert writers_thank(letter_ids=[letter.pk]) == []
    assert OutgoingMail.objects.filter(kind=THANKS_MAIL).count() == 1
    assert send_outbox() == 1
    (message,) = smtp_server.collector.to("ada@example.org")
    assert message["Subject"] == "Thank you for writing to Roger Gale"
    assert "/write/reply/" in message.get_body(("plain",)).get_content()
    letter.refresh_from_db()
    assert letter.thanked_at is not None
