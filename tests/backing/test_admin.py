"""Staff record backing in the admin: only parliamentarians, with the withdrawal rules, filtered by
house and party as on the day; the source document is staff-only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backing.models import Backing
from people.models import ParliamentaryRole, Person
from tests.motions.factories import commons

from .factories import ask, back, lords, parliamentarian, party

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/backing/backing/add/"
LIST_URL = "/admin/backing/backing/"


@pytest.fixture
def recommendation(demo_event):
    return ask(demo_event.campaign)


def form(recommendation, person, **overrides):
    return {
        "recommendation": recommendation.pk,
        "person": person.pk,
        "how": Backing.How.WROTE,
        "backed_on": "2026-12-03",
        "source_url": "",
        "source_description_en_gb": "Reply to a constituent, 3 Dec 2026",
        "source_description_fa": "",
        "withdrawn_on": "",
        "note": "",
        **overrides,
    }


def test_an_editor_records_a_backing_with_its_source_document(editor_client, recommendation):
    person = parliamentarian("Writer")
    letter = SimpleUploadedFile("reply.pdf", b"%PDF-1.4 a reply", content_type="application/pdf")
    response = editor_client.post(ADD_URL, form(recommendation, person, source_document=letter))
    assert response.status_code == 302
    backing = recommendation.backings.get()
    assert (backing.person, backing.how, backing.backed_on) == (person, "wrote", datetime.date(2026, 12, 3))
    assert backing.source_description == "Reply to a constituent, 3 Dec 2026"
    assert backing.history.count() == 1


def test_only_a_parliamentarian_can_back_an_ask(editor_client, recommendation):
    supporter = Person.objects.create(family_name="Supporter", profile_is_public=True)
    response = editor_client.post(ADD_URL, form(recommendation, supporter))
    assert response.status_code == 200
    assert "Only parliamentarians back an ask here" in response.content.decode()
    assert not recommendation.backings.exists()


@pytest.mark.parametrize(
    ("withdrawal", "error"),
    [
        ({"withdrawn_on": "2026-12-10"}, "A withdrawal date needs “withdrew” ticked."),
        ({"has_withdrawn": "on", "withdrawn_on": "2026-12-01"}, "One cannot withdraw before backing."),
    ],
)
def test_a_withdrawal_is_refused_with_a_reason(editor_client, recommendation, withdrawal, error):
    response = editor_client.post(ADD_URL, form(recommendation, parliamentarian("Member"), **withdrawal))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not recommendation.backings.exists()


def test_the_list_filters_by_house_and_party(editor_client, recommendation):
    back(recommendation, parliamentarian("Commoner"))
    back(recommendation, parliamentarian("Lordly", house=lords(), party_name="Labour Party"))
    in_lords = editor_client.get(LIST_URL, {"house": lords().pk}).content.decode()
    assert "Lordly" in in_lords and "Commoner" not in in_lords
    labour = editor_client.get(LIST_URL, {"party": party("Labour Party").pk}).content.decode()
    assert "Lordly" in labour and "Commoner" not in labour


def test_the_party_filter_finds_a_defector_where_they_sat_when_they_backed(editor_client, recommendation):
    person = parliamentarian(
        "Defector", started_on=datetime.date(2019, 12, 12), ended_on=datetime.date(2025, 1, 14), is_current=False
    )
    ParliamentaryRole.objects.create(
        person=person, legislature=commons(), party=party("Reform UK"), started_on=datetime.date(2025, 1, 15)
    )
    back(recommendation, person, backed_on=datetime.date(2024, 3, 1))
    conservative = editor_client.get(LIST_URL, {"party": party("Conservative Party").pk}).content.decode()
    reform = editor_client.get(LIST_URL, {"party": party("Reform UK").pk}).content.decode()
    assert "Test Defector" in conservative and "Test Defector" not in reform


def test_the_list_shows_the_seat_as_on_the_day_of_backing(editor_client, recommendation):
    person = parliamentarian(
        "Defector", started_on=datetime.date(2019, 12, 12), ended_on=datetime.date(2025, 1, 14), is_current=False
    )
    ParliamentaryRole.objects.create(
        person=person, legislature=commons(), party=party("Reform UK"), started_on=datetime.date(2025, 1, 15)
    )
    back(recommendation, person, backed_on=datetime.date(2024, 3, 1))
    page = editor_client.get(LIST_URL).content.decode()
    assert "MP (Conservative Party) for Bath" in page and "(Reform UK)" not in page


def test_the_ask_admin_shows_its_backing_inline(editor_client, recommendation):
    back(recommendation, parliamentarian("Inline"), note="Call back in January")
    page = editor_client.get(f"/admin/recommendations/recommendation/{recommendation.pk}/change/").content.decode()
    assert "backings-TOTAL_FORMS" in page and "Call back in January" in page


def test_the_source_document_is_for_staff_who_may_see_backing_only(
    editor_client, outreach_client, client, recommendation, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    backing = back(recommendation, parliamentarian("Writer"))
    backing.source_document.save("reply.pdf", SimpleUploadedFile("reply.pdf", b"%PDF-1.4 a reply"), save=True)
    url = backing.source_document.url
    assert url.startswith("/admin/backing/backing/document/")
    assert b"".join(editor_client.get(url).streaming_content) == b"%PDF-1.4 a reply"
    assert outreach_client.get(url).status_code == 200  # Outreach reads backing
    assert client.get(url).status_code == 302  # the public: to the login page
    assert (tmp_path / "private" / "backing" / backing.source_document.name).exists()
