"""The guest list is personal data: only staff holding the personal-data permission see or export
it, and every view and export is in the access log."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personal_data.models import PersonalDataAccess
from registrations.services import registrant_cancel

from .factories import make_event, make_registrant, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    registration = make_registration(capacity=3)
    make_registrant(
        registration,
        "ada@example.org",
        name="Ada Lovelace",
        name_on_id="Augusta Ada King",
        organisation="Analytical Society",
        accessibility_needs="Step-free access",
    )
    make_registrant(
        registration,
        "grace@example.org",
        name="Grace Hopper",
        name_on_id="Grace Brewster Hopper",
        organisation='=HYPERLINK("x")',
    )  # typed by staff elsewhere: the form refuses it
    make_registrant(registration, "sara@example.org", name="سارا محمدی", name_on_id="Sara Mohammadi")
    make_registrant(registration, "waiting@example.org", name="Wendy Waiting", name_on_id="Wendy Waiting")
    make_registrant(registration, "pending@example.org", name="Peter Pending", confirm=False)
    gone = make_registrant(registration, "gone@example.org", name="Gone Away", name_on_id="Gone Away")
    registrant_cancel(registrant_id=gone.pk)
    return registration


def urls(registration):
    return {
        "page": reverse("admin:registrations_guest_list", args=[registration.pk]),
        "csv": reverse("admin:registrations_guest_list_csv", args=[registration.pk]),
        "pdf": reverse("admin:registrations_guest_list_pdf", args=[registration.pk]),
        "check_in": reverse("admin:registrations_check_in", args=[registration.pk]),
    }


def test_staff_without_the_personal_data_permission_see_counts_but_no_names(
    editor_client, outreach_client, registration
):
    for client in (editor_client, outreach_client):
        for url in urls(registration).values():
            assert client.get(url).status_code == 403
        page = client.get(reverse("admin:registrations_eventregistration_changelist"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Briefing in Parliament" in html and "Ada" not in html
        assert "Guest list" not in html
    assert not PersonalDataAccess.objects.exists()


def test_nobody_logged_out_gets_anything(client, registration):
    for url in urls(registration).values():
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_guest_list_page_shows_names_and_records_the_view(personal_data_client, personal_data_user, registration):
    response = personal_data_client.get(urls(registration)["page"])
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Augusta Ada King", "Analytical Society", "Step-free access", "Wendy Waiting", "Peter Pending"):
        assert shown in html
    assert "ada@example.org" not in html and "a•••@e•••.org" in html  # addresses stay masked
    assert "Gone Away" not in html
    (access,) = PersonalDataAccess.objects.all()
    assert (access.user, access.kind, access.object_id) == (personal_data_user, "reveal", str(registration.pk))
    assert access.rows == 5 and "guest list" in access.what
    assert "Ada" not in access.what


def test_the_security_desk_csv_lists_confirmed_guests_by_family_name(personal_data_client, registration):
    response = personal_data_client.get(urls(registration)["csv"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="guest-list-briefing-')
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # spreadsheets then read Persian as written
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows == [
        ["Name as on photo ID", "Organisation"],
        ["Grace Brewster Hopper", '\'=HYPERLINK("x")'],
        ["Augusta Ada King", "Analytical Society"],
        ["Sara Mohammadi", ""],
    ]
    (access,) = PersonalDataAccess.objects.all()
    assert (access.kind, access.rows, access.what) == ("export", 3, "guest list for the security desk (CSV)")


def test_the_pdf_is_a_printable_file_and_recorded(personal_data_client, registration):
    response = personal_data_client.get(urls(registration)["pdf"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert PersonalDataAccess.objects.get().what == "guest list for the security desk (PDF)"


def test_staff_may_cancel_a_registrant_from_the_list(personal_data_client, registration):
    from registrations.models import Registrant

    ada = Registrant.objects.get(email="ada@example.org")
    url = reverse("admin:registrations_cancel_registrant", args=[registration.pk, ada.public_id])
    assert personal_data_client.post(url).status_code == 302
    assert Registrant.objects.get(email="waiting@example.org").status == "confirmed"


def test_the_list_of_registrations_costs_the_same_whatever_the_number_of_events(admin_client, registration):
    url = reverse("admin:registrations_eventregistration_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for i in range(5):
        other = make_registration(make_event(slug=f"other-{i}"))
        make_registrant(other, f"guest{i}@example.org")
    assert queries() == before
    html = admin_client.get(url).content.decode()
    assert "Guest list" in html and "Check-in" in html
