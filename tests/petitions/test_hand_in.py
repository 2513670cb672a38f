"""The hand-in pack: the petition's words and counts, and the names of only those signers who
ticked the separate box agreeing to be named; nothing else about anyone."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from personal_data.models import PersonalDataAccess
from petitions.models import Signature
from petitions.services import signature_confirm, signature_submit
from tests.conftest import log_in_verified, make_staff_user

from .factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(settings):
    settings.PUBLIC_COUNTRY_MIN_SIGNATURES = 2
    petition = make_petition(asks_postcode=True)
    signers = [
        ("Ada Lovelace", "ada@example.org", "GB", "SW1A 0AA", True),
        ("Grace Hopper", "grace@example.org", "GB", "SW1A 2PW", True),
        ("Secret Signer", "secret@example.org", "GB", "M1 1AE", False),
        ("Kept Quiet", "quiet@example.org", "IE", "", False),
        ("Ali Rezaei", "ali@example.org", "IE", "", True),
        ("Lone Voice", "lone@example.org", "FR", "", True),
    ]
    for name, email, country, postcode, named in signers:
        signature_confirm(
            signature_submit(
                petition=petition,
                name=name,
                email=email,
                country=country,
                postcode=postcode,
                name_may_be_delivered=named,
            )
        )
    signature_submit(  # never confirmed: neither counted nor named
        petition=petition, name="Not Confirmed", email="pending@example.org", country="GB", name_may_be_delivered=True
    )
    return petition


@pytest.fixture
def pack_client(db, django_user_model):
    """An Editor given the hand-in permission, one by one."""
    user = make_staff_user(django_user_model, "deliverer", "Editors")
    user.user_permissions.add(Permission.objects.get(codename="download_hand_in_pack"))
    return log_in_verified(Client(), user)


def pack_url(petition, file_format):
    return reverse("admin:petitions_petition_hand_in", args=[petition.pk, file_format])


def test_the_name_consent_is_a_separate_box_off_by_default(client):
    petition = make_petition()
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Yes, my name may be handed to <bdi>UK Government</bdi> with the petition." in page
    assert 'name="name_may_be_delivered"' in page
    assert 'name="name_may_be_delivered" checked' not in page
    client.post(reverse("petitions:sign", args=[petition.slug]), signing_form(email="a@example.org"))
    client.post(
        reverse("petitions:sign", args=[petition.slug]), signing_form(email="b@example.org", name_may_be_delivered="on")
    )
    consents = dict(Signature.objects.values_list("email", "name_may_be_delivered"))
    assert consents == {"a@example.org": False, "b@example.org": True}
    assert not Signature.objects.get(email="b@example.org").wants_email  # one consent never implies the other


def test_the_csv_has_the_text_counts_and_only_the_consenting_names(pack_client, petition):
    response = pack_client.get(pack_url(petition, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Section", "Item", "Value"]
    assert ["Petition", "Text", "We ask for an inquiry."] in rows
    assert ["Petition", "Validated signatures", "6"] in rows
    assert [r[1:] for r in rows if r[0] == "Country"] == [
        ["United Kingdom", "3"],
        ["Ireland", "2"],
        ["Other (fewer than 2 each)", "1"],
    ]
    assert [r[1:] for r in rows if r[0] == "UK postcode district"] == [
        ["SW1A", "2"],
        ["Other (fewer than 2 each)", "1"],
    ]
    assert [r[1] for r in rows if r[0] == "Name (agreed to be named)"] == [
        "Grace Hopper",
        "Ada Lovelace",
        "Ali Rezaei",
        "Lone Voice",
    ]
    for private in ("Secret Signer", "Kept Quiet", "Not Confirmed", "@example.org", "0AA", "M1"):
        assert private not in text


def test_the_pdf_says_the_same_and_names_no_one_who_did_not_agree(pack_client, petition):
    response = pack_client.get(pack_url(petition, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Hold an independent inquiry" in text and "We ask for an inquiry." in text
    assert "6 validated signatures" in text
    assert "United Kingdom" in text and "SW1A" in text
    assert "Grace Hopper, Ada Lovelace, Ali Rezaei, Lone Voice" in text
    for private in ("Secret Signer", "Kept Quiet", "Not Confirmed", "@example.org", "0AA"):
        assert private not in text


def test_a_persian_admin_gets_the_pack_in_persian(pack_client, petition):
    with translation.override("fa"):
        pdf_url, csv_url = pack_url(petition, "pdf"), pack_url(petition, "csv")
    assert pdf_url.startswith("/fa/admin/")
    response = pack_client.get(pdf_url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    csv_text = pack_client.get(csv_url).content.decode("utf-8-sig")
    assert "دادخواست" in csv_text and "Ada Lovelace" in csv_text and "Secret Signer" not in csv_text


def test_taking_the_pack_is_logged_as_an_export_of_personal_data(pack_client, petition):
    pack_client.get(pack_url(petition, "csv"))
    (access,) = PersonalDataAccess.objects.all()
    assert (access.kind, access.rows) == ("export", 4)
    assert "hand-in pack (CSV)" in access.what


def test_staff_without_the_permission_get_no_pack_and_no_link(editor_client, petition):
    assert editor_client.get(pack_url(petition, "csv")).status_code == 403
    assert editor_client.get(pack_url(petition, "pdf")).status_code == 403
    change_page = editor_client.get(reverse("admin:petitions_petition_change", args=[petition.pk])).content.decode()
    assert "hand-in" not in change_page.lower()


def test_the_change_page_links_the_pack_for_those_allowed(pack_client, petition):
    page = pack_client.get(reverse("admin:petitions_petition_change", args=[petition.pk])).content.decode()
    assert pack_url(petition, "pdf") in page and pack_url(petition, "csv") in page


def test_the_pack_costs_the_same_queries_whatever_the_number_of_signers(petition, django_assert_num_queries):
    from petitions.hand_in import hand_in_pack

    with django_assert_num_queries(3):  # counts by country, by district, the names
        small = hand_in_pack(petition)
    for i in range(20):
        signature_confirm(
            signature_submit(
                petition=petition,
                name=f"Extra {i}",
                email=f"x{i}@example.org",
                country="GB",
                name_may_be_delivered=True,
            )
        )
    with django_assert_num_queries(3):
        large = hand_in_pack(petition)
    assert large.total == small.total + 20 and len(large.names) == len(small.names) + 20
