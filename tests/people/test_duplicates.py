"""A second "Rt Hon David Jones MP" is not saved without a word: the admin names the person already
recorded, with a link, and saves only once staff say this is someone else."""

import pytest
from django.urls import reverse

from people.models import Person

pytestmark = pytest.mark.django_db


def person_add_data(client, **values):
    response = client.get(reverse("admin:people_person_add"))
    data = {"language": "en-gb"}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(values)
    return data


def test_a_likely_duplicate_is_named_with_a_link_before_it_is_saved(editor_client, demo_event):
    jones = Person.objects.get(given_name="David", family_name="Jones")
    data = person_add_data(
        editor_client, honorific="Rt Hon", given_name="david", family_name="Jones ", post_nominals="MP"
    )

    response = editor_client.post(reverse("admin:people_person_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone with this name is already recorded" in page
    assert f'<a href="{jones.get_admin_url()}" target="_blank">Rt Hon David Jones MP</a>' in page
    assert Person.objects.filter(family_name="Jones").count() == 1

    data["not_a_duplicate"] = "on"
    assert editor_client.post(reverse("admin:people_person_add"), data).status_code == 302
    assert Person.objects.filter(family_name="Jones").count() == 2


def test_someone_new_is_saved_at_once(editor_client, demo_event):
    data = person_add_data(editor_client, given_name="Jane", family_name="Newcomer")
    assert editor_client.post(reverse("admin:people_person_add"), data).status_code == 302
    assert Person.objects.filter(family_name="Newcomer").exists()
