"""Supporters' addresses, postcodes and IPs in the admin: masked unless revealed, and every reveal
recorded."""

import re

import pytest
from django.urls import reverse

from people.models import Person
from personal_data.models import PersonalDataAccess
from petitions.models import Signature
from petitions.services import signature_submit
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db

EMAIL, POSTCODE, IP = "grace.hopper@example.org", "SW1A 1AA", "203.0.113.57"
MASKED = ["g•••@e•••.org", "SW1A •••", "203.0.113.•••"]


@pytest.fixture
def signature():
    petition = make_petition(asks_postcode=True)
    pk = signature_submit(
        petition=petition, name="Grace Hopper", email=EMAIL, country="GB", postcode=POSTCODE, ip_address=IP
    )
    return Signature.objects.get(pk=pk)


@pytest.fixture
def person():
    return Person.objects.create(given_name="Grace", family_name="Hopper", email=EMAIL, postcode=POSTCODE)


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def results(response):
    """The rows of a list, without the search box and links that repeat what was typed."""
    rows = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.sub(r"_changelist_filters=[^\"]*", "", rows)


def assert_masked(html, *, postcode=True, ip=True):
    assert EMAIL not in html and "grace.hopper" not in html
    assert "1AA" not in html and "203.0.113.57" not in html
    assert MASKED[0] in html
    if postcode:
        assert MASKED[1] in html
    if ip:
        assert MASKED[2] in html


@pytest.fixture(params=["editor_client", "outreach_client"])
def staff_client(request):
    return request.getfixturevalue(request.param)


def test_signatures_are_masked_in_the_list_and_on_their_page(staff_client, signature):
    assert_masked(page(staff_client, reverse("admin:petitions_signature_changelist")), postcode=False, ip=False)
    html = page(staff_client, reverse("admin:petitions_signature_change", args=[signature.pk]))
    assert_masked(html)
    assert "only staff given the personal-data permission can see them" in html
    assert "Show personal data" not in html


def test_an_exact_address_finds_its_signature_but_shows_it_masked(staff_client, signature):
    url = reverse("admin:petitions_signature_changelist")
    response = staff_client.get(url, {"q": EMAIL})
    assert list(response.context["cl"].result_list) == [signature]
    assert_masked(results(response), postcode=False, ip=False)


@pytest.mark.parametrize("term", ["grace.hopper", "example.org", "hopper@example"])
def test_part_of_an_address_finds_nothing(staff_client, signature, term):
    response = staff_client.get(reverse("admin:petitions_signature_changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("lookup", ["email__startswith", "ip_address__startswith", "postcode__icontains"])
def test_the_query_string_cannot_probe_addresses(staff_client, signature, lookup):
    response = staff_client.get(reverse("admin:petitions_signature_changelist"), {lookup: "g"})
    # Refused: the whole list again, with a message (campaign/admin_site.py), never a filtered one.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:petitions_signature_changelist") + "?e=1"


def test_a_name_still_finds_the_signature(staff_client, signature):
    response = staff_client.get(reverse("admin:petitions_signature_changelist"), {"q": "Hopper"})
    assert list(response.context["cl"].result_list) == [signature]


def test_people_are_masked_in_the_list_search_and_on_their_page(staff_client, person):
    url = reverse("admin:people_person_changelist")
    assert_masked(page(staff_client, url), postcode=False, ip=False)
    response = staff_client.get(url, {"q": EMAIL})
    assert list(response.context["cl"].result_list) == [person]
    assert_masked(results(response), postcode=False, ip=False)
    assert list(staff_client.get(url, {"q": "grace.hopper"}).context["cl"].result_list) == []
    assert_masked(page(staff_client, reverse("admin:people_person_change", args=[person.pk])), ip=False)


def test_autocomplete_does_not_match_part_of_an_address(editor_client, person):
    params = {"app_label": "events", "model_name": "participant", "field_name": "person"}
    response = editor_client.get(reverse("admin:autocomplete"), {**params, "term": "hopper@"})
    assert response.json()["results"] == []


def test_editors_edit_a_persons_name_without_seeing_or_changing_the_address(editor_client, person):
    url = reverse("admin:people_person_change", args=[person.pk])
    form = editor_client.get(url).context["adminform"].form
    assert "email" not in form.fields and "postcode" not in form.fields
    data = {
        "given_name": "Grace Brewster",
        "family_name": "Hopper",
        "country": "",
        "language": "en-gb",
        "email": "x@evil.example",
    }
    for prefix in ["parliamentary_roles", "offices", "affiliations", "participations", "consent_changes"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.given_name == "Grace Brewster"
    assert person.email == EMAIL and person.postcode == POSTCODE
    assert "those fields were not changed" in response.content.decode()


def test_editors_still_type_an_address_when_adding_a_person(editor_client):
    form = editor_client.get(reverse("admin:people_person_add")).context["adminform"].form
    assert "email" in form.fields and "postcode" in form.fields


def test_staff_without_the_permission_cannot_reveal(staff_client, signature):
    url = reverse("admin:petitions_signature_personal_data", args=[signature.pk])
    assert staff_client.post(url, {"reason": "curious"}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_permitted_user_sees_masked_values_until_they_reveal_them(
    personal_data_client, personal_data_user, signature
):
    change = reverse("admin:petitions_signature_change", args=[signature.pk])
    html = page(personal_data_client, change)
    assert_masked(html)
    assert "Show personal data" in html

    reveal = reverse("admin:petitions_signature_personal_data", args=[signature.pk])
    assert personal_data_client.get(reveal).status_code == 405  # a reveal is a POST, recorded
    response = personal_data_client.post(reveal, {"reason": "Signer asked what we hold"})
    assert response.status_code == 302 and response["Location"] == change
    html = page(personal_data_client, change)
    assert EMAIL in html and POSTCODE in html and IP in html
    assert "Hide it again" in html

    (access,) = PersonalDataAccess.objects.all()
    assert access.user == personal_data_user and access.username == "dataofficer"
    assert access.kind == "reveal" and access.reason == "Signer asked what we hold"
    assert access.content_type.model_class() is Signature and access.object_id == str(signature.pk)
    assert "email" in access.what and "ip address" in access.what
    assert EMAIL not in str(access.__dict__)  # the log names the object, never the values

    # The list stays masked: revealing is for one object at a time.
    assert_masked(page(personal_data_client, reverse("admin:petitions_signature_changelist")), postcode=False, ip=False)
    personal_data_client.post(reveal, {"hide": "1"})
    assert_masked(page(personal_data_client, change))


def test_a_reveal_is_for_one_object_only(personal_data_client, signature, person):
    personal_data_client.post(reverse("admin:people_person_personal_data", args=[person.pk]))
    assert EMAIL in page(personal_data_client, reverse("admin:people_person_change", args=[person.pk]))
    assert_masked(page(personal_data_client, reverse("admin:petitions_signature_change", args=[signature.pk])))


def test_a_permitted_editor_corrects_an_address_after_revealing_it(personal_data_client, person):
    url = reverse("admin:people_person_change", args=[person.pk])
    personal_data_client.post(reverse("admin:people_person_personal_data", args=[person.pk]), {"reason": "typo"})
    form = personal_data_client.get(url).context["adminform"].form
    assert form["email"].value() == EMAIL
    data = {
        "given_name": "Grace",
        "family_name": "Hopper",
        "country": "",
        "language": "en-gb",
        "email": "grace@example.net",
    }
    data["postcode"] = POSTCODE
    for prefix in ["parliamentary_roles", "offices", "affiliations", "participations", "consent_changes"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    assert personal_data_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.email == "grace@example.net"


def test_history_shows_changed_addresses_masked(personal_data_client, editor_client, person):
    person.email = "grace@example.net"
    person.save()
    html = page(editor_client, reverse("admin:people_person_history", args=[person.pk]))
    assert "g•••@e•••.org" in html and "g•••@e•••.net" in html
    assert EMAIL not in html and "grace@example.net" not in html


def test_the_invalidation_preview_masks_addresses_and_ips(editor_client, signature):
    url = reverse("admin:petitions_signature_bulk_invalidate")
    sample = results(editor_client.get(url, {"ip_address": IP, "mark_as": "invalidated"}))
    assert "Grace Hopper" in sample
    assert EMAIL not in sample and IP not in sample
    assert MASKED[0] in sample and MASKED[2] in sample


def test_outreach_staff_see_recipients_masked_in_the_mail_log_and_the_preview(outreach_client):
    from outreach import services as outreach
    from tests.outreach.factories import make_mailing, make_supporters, schedule_now

    (supporter,) = make_supporters(1)
    mailing = schedule_now(make_mailing())
    outreach.mailing_start(mailing.pk)
    delivery = mailing.deliveries.get()
    log = page(outreach_client, reverse("admin:outreach_delivery_changelist"))
    assert "s•••@e•••.org" in log and supporter.email not in log
    change = page(outreach_client, reverse("admin:outreach_delivery_change", args=[delivery.pk]))
    assert "s•••@e•••.org" in change and supporter.email not in change
    preview = page(outreach_client, reverse("admin:outreach_mailing_preview", args=[mailing.pk]))
    assert "Dear Sam0 Supporter0" in preview
    assert "s•••@e•••.org" in preview and supporter.email not in preview


def test_an_import_preview_does_not_show_a_known_persons_stored_postcode(editor_client, person):
    from tests.imports.helpers import upload

    content = f"given_name,family_name,email,postcode\nGrace,Hopper,{EMAIL},\n"
    response = upload(editor_client, content)
    html = response.content.decode()
    assert response.status_code == 200 and "Confirm and import" in html
    assert response.context["person_import"].updated_count == 1
    assert "1AA" not in html and EMAIL not in html
