"""Every export of personal data is recorded, and superusers read who saw or took what."""

import pytest
from django.urls import reverse

from people.models import Person
from personal_data.models import PersonalDataAccess
from petitions.models import Petition
from petitions.services import signature_submit
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def test_a_signature_export_is_recorded(admin_client, admin_user):
    petition = make_petition()
    for n in range(3):
        signature_submit(petition=petition, name=f"Signer {n}", email=f"s{n}@example.org", country="GB")
    response = admin_client.get(reverse("admin:petitions_petition_export_signatures", args=[petition.pk]))
    assert response.status_code == 200
    (access,) = PersonalDataAccess.objects.all()
    assert (access.user, access.kind, access.rows) == (admin_user, "export", 3)
    assert access.content_type.model_class() is Petition and access.object_id == str(petition.pk)


def test_the_people_export_is_recorded(admin_client, admin_user):
    Person.objects.create(family_name="Gale", email="gale@example.org")
    Person.objects.create(family_name="Villiers", email="villiers@example.org")
    url = reverse("admin:people_person_export")
    response = admin_client.post(url, {"format": "0", "resource": "0", "personresource_email": "on"})
    assert response.status_code == 200 and "gale@example.org" in response.content.decode()
    (access,) = PersonalDataAccess.objects.all()
    assert (access.user, access.kind, access.rows) == (admin_user, "export", 2)
    assert access.content_type.model_class() is Person and access.object_id == ""


def test_a_persons_data_export_is_recorded(admin_client, admin_user):
    person = Person.objects.create(family_name="Gale", email="gale@example.org")
    assert admin_client.get(reverse("admin:people_person_export", args=[person.pk])).status_code == 200
    (access,) = PersonalDataAccess.objects.all()
    assert (access.user, access.kind, access.object_id) == (admin_user, "export", str(person.pk))


def test_exporting_needs_the_personal_data_permission_too(editor, editor_client):
    """An account given only the export permissions exports nothing."""
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(*Permission.objects.filter(codename__in=["export_signatures", "export_person"]))
    petition = make_petition()
    assert (
        editor_client.get(reverse("admin:petitions_petition_export_signatures", args=[petition.pk])).status_code == 403
    )
    assert editor_client.get(reverse("admin:people_person_export")).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_superusers_read_the_access_log(admin_client, personal_data_client, personal_data_user):
    person = Person.objects.create(family_name="Gale", email="gale@example.org")
    personal_data_client.post(reverse("admin:people_person_personal_data", args=[person.pk]), {"reason": "letter"})
    response = admin_client.get(reverse("admin:personal_data_personaldataaccess_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "dataofficer" in page and "letter" in page and f"person #{person.pk}" in page
    assert "gale@example.org" not in page
    access = PersonalDataAccess.objects.get()
    change = reverse("admin:personal_data_personaldataaccess_change", args=[access.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"reason": "rewritten"}).status_code == 403  # read only
    assert admin_client.get(reverse("admin:personal_data_personaldataaccess_add")).status_code == 403
    access.refresh_from_db()
    assert access.reason == "letter"


@pytest.mark.parametrize("client_fixture", ["editor_client", "outreach_client", "personal_data_client"])
def test_only_superusers_see_the_access_log(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    url = reverse("admin:personal_data_personaldataaccess_changelist")
    assert client.get(url).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert url not in index and "Personal data access log" not in index
