"""The admin's import page: only holders of the import permission reach it; a good file ends on its
report; a bad file says why, writes nothing and is never a server error."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motions.models import Motion
from parliament_data.models import ParliamentImport
from people.models import Person
from tests.conftest import make_staff_user

from .helpers import a_campaign, raw

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:parliament_data_parliamentimport_upload")


@pytest.fixture
def importer(django_user_model):
    user = make_staff_user(django_user_model, "importer", "Editors")
    user.user_permissions.add(Permission.objects.get(codename="import_parliament_data"))
    client = Client()
    client.force_login(user)
    return client


def upload(client, name, content, **fields):
    data = {"kind": "members", "import_file": SimpleUploadedFile(name, content), **fields}
    return client.post(UPLOAD_URL, data, follow=True)


def test_a_members_file_ends_on_its_report(importer):
    response = upload(importer, "members-commons.json", raw("members-commons.json"), as_of="2026-11-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported." in page and "Siân Ó Briain MP (member 5101) added." in page
    assert response.context["parliament_import"].created_count == 5
    assert Person.objects.count() == 5


def test_the_report_filters_its_rows_and_exports_them_as_safe_csv(importer):
    a_campaign()
    upload(importer, "members-commons.json", raw("members-commons.json"))
    response = upload(
        importer, "edm.json", raw("edm-63001.json"), kind="edm_signatures", campaign=a_campaign_pk(), session=""
    )
    report = response.context["parliament_import"]
    url = reverse("admin:parliament_data_parliamentimport_change", args=[report.pk])
    unmatched = importer.get(url, {"outcome": "unmatched"})
    assert [row["line"] for row in unmatched.context["rows"]] == ["EDM 812, 5"]
    assert "Callum Drummond" in unmatched.content.decode()
    ParliamentImport.objects.filter(pk=report.pk).update(
        rows=[{"line": "1", "outcome": "error", "message": '=HYPERLINK("http://evil.example")'}]
    )
    exported = importer.get(reverse("admin:parliament_data_parliamentimport_rows", args=[report.pk]))
    assert exported["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in exported.content.decode("utf-8-sig")


def a_campaign_pk():
    from campaign.models import Campaign

    return Campaign.objects.get().pk


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"items": [', "This file is not JSON"),
        (b"[1, 2, 3]", "not an answer of the Members API"),
        (b"\xff\xfe\x00binary", "not UTF-8"),
    ],
)
def test_a_bad_file_says_why_and_writes_nothing(importer, content, words):
    response = upload(importer, "bad.json", content)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert Person.objects.count() == 0
    assert not ParliamentImport.objects.get().succeeded


def test_an_edm_file_uploaded_as_members_is_refused_with_a_message(importer):
    response = upload(importer, "edm.json", raw("edm-63001.json"))
    assert "not an answer of the Members API" in response.content.decode()
    assert not Motion.objects.exists() and not Person.objects.exists()


def test_an_edm_import_needs_a_campaign(importer):
    response = upload(importer, "edm.json", raw("edm-63001.json"), kind="edm_signatures")
    assert response.status_code == 200
    assert "Choose the campaign for the motion." in response.content.decode()
    assert not ParliamentImport.objects.exists()


def test_staff_without_the_permission_cannot_import_or_read_reports(editor_client):
    assert editor_client.get(UPLOAD_URL).status_code == 403
    response = upload(editor_client, "members.json", raw("members-commons.json"))
    assert response.status_code == 403 and not Person.objects.exists()
    record = ParliamentImport.objects.create(kind="members", file_name="x.json")
    url = reverse("admin:parliament_data_parliamentimport_change", args=[record.pk])
    assert editor_client.get(url).status_code == 403
    assert (
        editor_client.get(reverse("admin:parliament_data_parliamentimport_rows", args=[record.pk])).status_code == 403
    )
    assert editor_client.get(reverse("admin:parliament_data_parliamentimport_changelist")).status_code == 403


def test_the_list_of_imports_offers_the_upload_to_importers(importer):
    response = importer.get(reverse("admin:parliament_data_parliamentimport_changelist"))
    assert response.status_code == 200 and UPLOAD_URL in response.content.decode()


def test_the_upload_needs_csrf(django_user_model):
    user = make_staff_user(django_user_model, "importer2", "Editors")
    user.user_permissions.add(Permission.objects.get(codename="import_parliament_data"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(UPLOAD_URL, {"kind": "members", "import_file": SimpleUploadedFile("m.json", b"{}")})
    assert response.status_code == 403 and not ParliamentImport.objects.exists()
