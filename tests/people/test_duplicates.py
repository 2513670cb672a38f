"""A second "Rt Hon David Jones MP" is not saved without a word: the admin names the person already
recorded, with a link, and saves only once staff say this is someone else."""

import pytest
from django.urls import reverse

from people.models import Person

pytestmark = pytest.mark.django_db


def person_add_data(client, url=None, **values):
    """What the person form posts, with no inline row (the management forms only, as a page whose
    rows are left unchanged: initial rows are sent with their ids)."""
    response = client.get(url or reverse("admin:people_person_add"))
    data = {"language": "en-gb"}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for form in formset.initial_forms:
            for name in form.fields:
                value = form[name].value()
                if value not in (None, False, ""):
                    data[form.add_prefix(name)] = "on" if value is True else str(value)
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


def test_merging_a_duplicate_keeps_every_link(editor_client, editor, demo_event):
    from django.contrib.auth.models import Permission

    from events.models import Participant
    from people.models import Office, Tag

    editor.user_permissions.add(Permission.objects.get(codename="delete_person"))
    jones = Person.objects.get(given_name="David", family_name="Jones")
    duplicate = Person.objects.create(
        given_name="Dave",
        family_name="Jones",
        email="david.jones@example.org",
        bio="Member for Clwyd West.",
        profile_is_public=True,
    )
    was_public = jones.profile_is_public
    Office.objects.create(person=duplicate, title="Chair of the Welsh Affairs Committee")
    Participant.objects.create(event=demo_event, person=duplicate, role="attendee", order=90)
    duplicate.tags.add(Tag.objects.create(name="press"))

    # Staff correct the name to the one already recorded: the page offers to merge instead.
    url = reverse("admin:people_person_change", args=[duplicate.pk])
    data = person_add_data(editor_client, url, given_name="David", family_name="Jones", bio="Member for Clwyd West.")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    merge_url = reverse("admin:people_person_merge", args=[duplicate.pk, jones.pk])
    assert f'<a href="{merge_url}">merge this record into theirs</a>' in response.content.decode()

    assert "cannot be undone" in editor_client.get(merge_url).content.decode()
    assert editor_client.post(merge_url).status_code == 302
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    jones.refresh_from_db()
    assert jones.email == "david.jones@example.org" and jones.bio == "Member for Clwyd West."
    assert jones.offices.filter(title="Chair of the Welsh Affairs Committee").exists()
    assert demo_event.participants.filter(person=jones, role="attendee").exists()
    assert list(jones.tags.values_list("name", flat=True)) == ["press"]
    assert jones.parliamentary_roles.count() == 1
    # Merging makes nothing public that was not, and leaves no history of the duplicate behind.
    assert jones.profile_is_public == was_public
    assert not Person.history.filter(id=duplicate.pk).exists()


def test_merging_keeps_the_duplicates_place_in_an_audience_of_chosen_people(db):
    from outreach.models import Audience
    from people.services import person_merge

    keep = Person.objects.create(family_name="Jones", email="jones@example.org")
    duplicate = Person.objects.create(family_name="Jones")
    both = Audience.objects.create(name="Both", kind="parliamentarians", only_chosen_people=True)
    both.chosen_people.add(keep, duplicate)
    one = Audience.objects.create(name="The duplicate", kind="parliamentarians", only_chosen_people=True)
    one.chosen_people.add(duplicate)
    person_merge(keep=keep, duplicate=duplicate)
    assert list(both.chosen_people.all()) == [keep]
    assert list(one.chosen_people.all()) == [keep]
