"""CSV import of people through the admin: a checked preview first, row-level errors, all or nothing."""

import pytest
from django.urls import reverse

from people.models import Legislature, Party, Person
from tests.imports.helpers import confirm, post_file, text, upload

pytestmark = pytest.mark.django_db

HEADER = (
    "honorific,given_name,family_name,email,country,legislature,party,constituency,current,consent,consent_wording\n"
)
GOOD_ROWS = (
    "Rt Hon Sir,Roger,Gale,roger.gale@parliament.example,GB,House of Commons,Conservative Party,North Thanet,yes,,\n"
    ",Ada,Lovelace,Ada@Example.org,GB,,,,,subscribed,Keep me posted about the campaign\n"
)


@pytest.fixture(autouse=True)
def parliament():
    Legislature.objects.create(name="House of Commons", slug="commons", kind="lower", member_title="MP")
    Party.objects.create(name="Conservative Party", country="GB")


def test_a_good_file_is_previewed_then_imported_on_confirmation(editor_client):
    preview = upload(editor_client, HEADER + GOOD_ROWS)
    assert "Confirm and import" in preview.content.decode()
    assert preview.context["person_import"].new_count == 2
    assert Person.objects.count() == 0  # the preview is a dry run

    confirm(editor_client, preview)
    gale = Person.objects.get(email="roger.gale@parliament.example")
    assert gale.full_name == "Rt Hon Sir Roger Gale"
    role = gale.parliamentary_roles.get()
    assert (str(role.party), role.constituency, role.is_current) == ("Conservative Party", "North Thanet", True)
    ada = Person.objects.get(email="ada@example.org")
    assert ada.email_consent == Person.EmailConsent.SUBSCRIBED
    assert ada.consent_changes.get().wording == "Keep me posted about the campaign"


def test_one_bad_row_stops_the_whole_file_and_says_which_and_why(editor_client):
    bad = ",Bob,Builder,bob@example.org,GB,Parliament of Atlantis,,,,,\n"
    page = text(upload(editor_client, HEADER + GOOD_ROWS + bad))
    assert "Unknown legislature “Parliament of Atlantis”" in page
    assert "Confirm and import" not in page
    assert Person.objects.count() == 0


def test_subscribed_without_the_wording_is_a_row_error(editor_client):
    page = upload(editor_client, HEADER + ",Ada,Lovelace,ada@example.org,GB,,,,,subscribed,\n")
    assert "Give the words the person agreed to" in page.content.decode()
    assert Person.objects.count() == 0


def test_a_file_in_another_encoding_gets_a_clear_message(editor_client):
    latin1 = (HEADER + ",Zoë,Brontë,zoe@example.org,GB,,,,,,\n").encode("latin-1")
    assert "This file is not UTF-8 text" in upload(editor_client, latin1).content.decode()
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02\xff\xfe binary", "This file is not UTF-8 text"),
        (b"just one line without columns", "The first line must name the columns"),
        (b"\x00a,b\n", "This file could not be read as CSV"),
    ],
)
def test_broken_files_get_a_clear_message_not_a_500(editor_client, content, message):
    page = upload(editor_client, content)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert "Confirm and import" not in page.content.decode()
    assert Person.objects.count() == 0


def test_an_empty_file_is_refused_by_the_form(editor_client):
    response = post_file(editor_client, b"")
    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()


def test_only_superusers_export_people(editor_client, outreach_client, admin_client):
    Person.objects.create(family_name="Gale", email="gale@example.org")
    url = reverse("admin:people_person_export")
    assert editor_client.get(url).status_code == 403
    assert outreach_client.get(url).status_code == 403
    assert outreach_client.get(reverse("admin:people_person_import")).status_code == 403
    response = admin_client.post(url, {"format": "0", "resource": "0", "personresource_email": "on"})
    assert response.status_code == 200


def test_each_persons_language_is_imported_with_an_empty_cell_meaning_the_sites(editor_client):
    rows = "given_name,family_name,email,language\nShirin,Ahmadi,shirin@example.org,FA\nAda,Lovelace,ada@example.org,\n"
    confirm(editor_client, upload(editor_client, rows))
    assert dict(Person.objects.values_list("email", "language")) == {
        "shirin@example.org": "fa",
        "ada@example.org": "en-gb",
    }


def test_an_unknown_language_stops_the_file_and_says_which_languages_there_are(editor_client):
    page = text(upload(editor_client, "given_name,family_name,email,language\nBob,Builder,bob@example.org,klingon\n"))
    assert "Unknown language “klingon”: use en-gb, fa or leave it empty." in page
    assert Person.objects.count() == 0
