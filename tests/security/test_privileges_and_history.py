"""Least privilege in the admin, and the history of edits."""

import pytest
from django.urls import reverse

from people.models import Person
from petitions.models import Signature
from petitions.services import signature_submit
from tests.outreach.factories import make_mailing
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def test_outreach_staff_cannot_delete_signatures_or_people(outreach_client):
    petition = make_petition()
    signature = Signature.objects.get(
        pk=signature_submit(petition=petition, name="Ada L", email="ada@example.org", country="GB")
    )
    person = Person.objects.create(family_name="Supporter", email="s@example.org")
    for model, obj in [("petitions_signature", signature), ("people_person", person)]:
        assert outreach_client.get(reverse(f"admin:{model}_delete", args=[obj.pk])).status_code == 403
        assert outreach_client.post(reverse(f"admin:{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    changelist = reverse("admin:petitions_signature_changelist")
    outreach_client.post(changelist, {"action": "delete_selected", "_selected_action": [signature.pk], "post": "yes"})
    outreach_client.post(changelist, {"action": "mark_invalidated", "_selected_action": [signature.pk]})
    signature.refresh_from_db()
    assert signature.status == "pending"  # neither deleted nor changed
    assert Person.objects.filter(pk=person.pk).exists()


def test_only_superusers_export_signatures(outreach_client, editor_client, admin_client):
    petition = make_petition()
    url = reverse("admin:petitions_petition_export_signatures", args=[petition.pk])
    assert outreach_client.get(url).status_code == 403
    assert editor_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_editors_cannot_schedule_or_send_mailings(editor_client):
    mailing = make_mailing()
    for action in ["schedule", "test", "resume", "cancel"]:
        url = reverse("admin:outreach_mailing_action", args=[mailing.pk, action])
        assert editor_client.post(url).status_code == 403
    assert editor_client.get(reverse("admin:outreach_mailing_add")).status_code == 403


def test_edits_are_recorded_with_who_and_can_be_reverted(editor_client, editor, demo_event):
    url = reverse("admin:events_event_change", args=[demo_event.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "title": "Renamed by an editor",
            "starts_at_0": "10/09/2020",
            "starts_at_1": "00:00:00",
        }
    )
    for prefix in ["participants", "statements", "registration"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"Recommendation_made_at-TOTAL_FORMS": "0", "Recommendation_made_at-INITIAL_FORMS": "0"})
    data.pop("starts_at", None)
    editor_client.post(url, data)
    demo_event.refresh_from_db()
    assert demo_event.title == "Renamed by an editor"
    latest = demo_event.history.first()
    assert latest.history_user == editor and latest.history_type == "~"

    history_page = editor_client.get(reverse("admin:events_event_history", args=[demo_event.pk])).content.decode()
    assert "editor" in history_page  # who changed it, listed on the event's history page
    original = demo_event.history.last()
    revert_page = reverse("admin:events_event_simple_history", args=[demo_event.pk, original.history_id])
    assert editor_client.get(revert_page).status_code == 200
    original.instance.save()  # what the admin's "Revert" button does with that form
    demo_event.refresh_from_db()
    assert demo_event.title == "Conference: justice for the victims of the 1988 massacre in Iran"
