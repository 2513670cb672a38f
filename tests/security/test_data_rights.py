"""Supporters' rights over their data, retention, and bulk invalidation."""

import datetime
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from outbox.services import outbox_enqueue
from outreach import services as outreach
from outreach.models import Delivery
from people.models import Person
from petitions.models import Signature
from petitions.services import (
    signature_confirm,
    signature_submit,
    signatures_anonymise_closed_petitions,
    signatures_purge_unconfirmed,
)
from tests.mail import send_outbox
from tests.outreach.factories import make_mailing, schedule_now
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def count(client, petition):
    return client.get(f"/petitions/{petition.slug}.json").json()


@pytest.fixture
def supporter(mailoutbox):
    """Ada signed and confirmed (with consent) and received a mailing."""
    petition = make_petition()
    signature_confirm(
        signature_submit(
            petition=petition, name="Ada Lovelace", email="ada@example.org", country="GB", wants_email=True
        )
    )
    mailing = schedule_now(make_mailing())
    outreach.mailing_start(mailing.pk)
    send_outbox()
    return Person.objects.get(email="ada@example.org")


def test_a_superuser_exports_everything_held_about_a_person(admin_client, supporter):
    response = admin_client.get(reverse("admin:people_person_export", args=[supporter.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="person-{supporter.pk}.json"'
    data = json.loads(response.content)
    assert data["person"]["email"] == "ada@example.org"
    assert data["signatures"][0]["name"] == "Ada Lovelace" and data["signatures"][0]["status"] == "validated"
    assert data["consent_record"][0]["status"] == "subscribed" and data["consent_record"][0]["wording"]
    assert {(m["kind"], m["status"]) for m in data["outgoing_mail"]} == {
        ("signature_confirmation", "cancelled"),  # confirmed before its mail went out
        ("mailing", "sent"),
    }


def test_only_superusers_export_or_erase(editor_client, outreach_client, supporter):
    for client in (editor_client, outreach_client):
        assert client.get(reverse("admin:people_person_export", args=[supporter.pk])).status_code == 403
        assert client.post(reverse("admin:people_person_erase", args=[supporter.pk])).status_code == 403
    assert Person.objects.filter(pk=supporter.pk).exists()


def test_erasing_a_supporter_keeps_the_counts_and_nothing_personal(admin_client, client, supporter):
    petition = Signature.objects.get().petition
    before = count(client, petition)
    page = admin_client.get(reverse("admin:people_person_erase", args=[supporter.pk])).content.decode()
    assert "cannot be undone" in page
    admin_client.post(reverse("admin:people_person_erase", args=[supporter.pk]))
    assert not Person.objects.filter(pk=supporter.pk).exists()
    signature = Signature.objects.get()
    assert (signature.name, signature.postcode, signature.ip_address) == ("Erased person", "", None)
    assert "ada" not in signature.email and signature.status == "validated"
    assert count(client, petition) == before
    delivery = Delivery.objects.get()
    assert delivery.person is None and delivery.to_email == "erased@invalid" and delivery.status == "sent"


def rows_mentioning(text):
    """Every row of every table whose text (all columns, as PostgreSQL prints the row) has `text`."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}" AS t WHERE t::text ILIKE %s', [f"%{text}%"])
            (count,) = cursor.fetchone()
            if count:
                found[table] = count
    return found


def test_erasure_leaves_no_trace_anywhere_in_the_database(admin_client, editor_client, supporter):
    # Staff edited her record (the admin log names her), and a mail to her waits in the outbox.
    url = reverse("admin:people_person_change", args=[supporter.pk])
    LogEntry.objects.log_actions(
        user_id=User.objects.get(username="editor").pk,
        queryset=[supporter],
        action_flag=CHANGE,
        change_message="Changed description.",
    )
    assert editor_client.get(url).status_code == 200
    outbox_enqueue(kind="mailing", about_id=999, person_id=supporter.pk, to_email=supporter.email)
    for text in ("Lovelace", "ada@example.org"):
        assert rows_mentioning(text), f"the test should start with {text} in the database"
    admin_client.post(reverse("admin:people_person_erase", args=[supporter.pk]))
    for text in ("Lovelace", "ada@example.org"):
        assert rows_mentioning(text) == {}


def test_erasing_a_speaker_keeps_their_part_in_the_event_anonymised(admin_client, client, demo_event):
    gale = Person.objects.get(family_name="Gale")
    admin_client.post(reverse("admin:people_person_erase", args=[gale.pk]))
    gale.refresh_from_db()
    assert (gale.full_name, gale.email, gale.history.count()) == ("Erased person", None, 0)
    page = client.get(demo_event.get_absolute_url()).content.decode()
    # Erased, the person has no public profile: the page counts them among participants whose names are withheld.
    assert "Sir Roger Gale" not in page and "And 1 other, name withheld." in page


def test_unconfirmed_signatures_are_purged_after_the_retention_period(settings):
    petition = make_petition()
    old = signature_submit(petition=petition, name="Old Pending", email="old@example.org", country="GB")
    Signature.objects.filter(pk=old).update(created_at=timezone.now() - datetime.timedelta(days=31))
    signature_submit(petition=petition, name="New Pending", email="new@example.org", country="GB")
    kept = signature_submit(petition=petition, name="Old Confirmed", email="ok@example.org", country="GB")
    signature_confirm(kept)
    Signature.objects.filter(pk=kept).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert signatures_purge_unconfirmed() == 1
    assert sorted(Signature.objects.values_list("name", flat=True)) == ["New Pending", "Old Confirmed"]


def test_signatures_of_long_closed_petitions_are_anonymised_with_counts_kept(client):
    now = timezone.now()
    closed = make_petition(
        slug="closed", opened_at=now - datetime.timedelta(days=300), closes_at=now - datetime.timedelta(days=200)
    )
    recent = make_petition(slug="recent")
    for petition in (closed, recent):
        signature_confirm(signature_submit(petition=petition, name="Ada L", email="ada@example.org", country="GB"))
    assert signatures_anonymise_closed_petitions() == 1
    assert Signature.objects.get(petition=closed).name == "Erased person"
    assert Signature.objects.get(petition=recent).name == "Ada L"
    assert count(client, closed)["signature_count"] == 1


def test_bulk_invalidation_previews_then_applies_with_counts_following(editor_client, client):
    petition = make_petition()
    for i in range(5):
        signature_confirm(
            signature_submit(petition=petition, name=f"Bot {i}", email=f"b{i}@spam.example", country="GB")
        )
    signature_confirm(signature_submit(petition=petition, name="Ada L", email="ada@example.org", country="GB"))
    url = reverse("admin:petitions_signature_bulk_invalidate")
    assert url in editor_client.get(reverse("admin:petitions_signature_changelist")).content.decode()  # reachable
    conditions = {"email_domain": "spam.example", "mark_as": "fraudulent", "petition": petition.pk}
    preview = editor_client.get(url, conditions)
    assert "5 signatures match, 5 of them counted now" in preview.content.decode()
    assert count(client, petition)["signature_count"] == 6  # a preview changes nothing

    assert editor_client.post(url, {**conditions, "confirm": "4"}).status_code == 200  # stale preview: shown again
    assert count(client, petition)["signature_count"] == 6
    editor_client.post(url, {**conditions, "confirm": "5"})
    assert count(client, petition)["signature_count"] == 1
    assert Signature.objects.filter(status="fraudulent").count() == 5


def test_bulk_invalidation_needs_a_condition_and_the_right(editor_client, outreach_client):
    url = reverse("admin:petitions_signature_bulk_invalidate")
    assert "Give at least one condition" in editor_client.get(url, {"mark_as": "invalidated"}).content.decode()
    assert outreach_client.get(url, {"email_domain": "x.example", "mark_as": "invalidated"}).status_code == 403
