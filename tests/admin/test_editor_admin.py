"""What an Editor sees and may do in the staff admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Event
from people.models import Person

EDITOR_APPS = {"campaign", "people", "events", "recommendations", "petitions", "motions"}


def editor_model_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in EDITOR_APPS
    ]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), editor_model_admins(), ids=lambda v: getattr(v, "__name__", ""))
def test_every_page_renders_for_an_editor(editor_client, demo_event, model, model_admin):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    add = editor_client.get(admin_url(model, "add"))
    # Editors add everything except what only the app writes: consent records and signatures.
    assert add.status_code == (403 if model._meta.model_name in {"consentchange", "signature"} else 200)
    obj = model.objects.first()
    if obj is not None:
        assert editor_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:django_celery_beat_periodictask_changelist",
        "admin:django_celery_beat_periodictask_add",
    ],
)
def test_editors_cannot_reach_accounts_or_schedules(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_editors_cannot_delete_campaigns_or_organisations(editor_client, demo_event):
    url = admin_url(type(demo_event.campaign), "delete", demo_event.campaign.pk)
    assert editor_client.get(url).status_code == 403
    url = admin_url(type(demo_event.organiser), "delete", demo_event.organiser.pk)
    assert editor_client.get(url).status_code == 403


def test_outreach_staff_can_read_but_not_edit_people(outreach_client, demo_event):
    person = Person.objects.get(family_name="Jones")
    assert outreach_client.get(admin_url(Person, "change", person.pk)).status_code == 200
    response = outreach_client.post(admin_url(Person, "change", person.pk), {"family_name": "Changed"})
    assert response.status_code == 403
    assert outreach_client.get(admin_url(Person, "add")).status_code == 403


def test_staff_find_david_jones_by_name_and_see_he_chaired(editor_client, demo_event):
    response = editor_client.get(admin_url(Person, "changelist"), {"q": "David Jones"})
    jones = Person.objects.get(family_name="Jones")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [jones]
    page = editor_client.get(admin_url(Person, "change", jones.pk)).content.decode()
    assert "Conference: justice for the victims of the 1988 massacre in Iran" in page
    assert "Chair of the conference" in page
    assert "for Clwyd West" in page or "Clwyd West" in page


def test_the_event_page_has_participants_statements_and_recommendations_inline(editor_client, demo_event):
    response = editor_client.get(admin_url(Event, "change", demo_event.pk))
    page = response.content.decode()
    inline_names = [formset.opts.verbose_name_plural for formset in response.context["inline_admin_formsets"]]
    assert inline_names == ["participants", "statements", "recommendations made here", "registration"]
    assert response.context["inline_admin_formsets"][0].formset.initial_form_count() == 23
    assert response.context["inline_admin_formsets"][1].formset.initial_form_count() == 12
    assert response.context["inline_admin_formsets"][2].formset.initial_form_count() == 9
    assert "we must unite and work together to hold the regime to account" in page
    # Quotes are attributed by choosing among this event's participants only.
    statement_form = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert statement_form.fields["participant"].queryset.count() == 23


def test_autocomplete_finds_people_for_editors(editor_client, demo_event):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "participant", "field_name": "person", "term": "Villiers"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Rt Hon Theresa Villiers MP"]
