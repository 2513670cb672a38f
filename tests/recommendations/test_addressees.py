"""An ask may be addressed to bodies, to offices ("the Prime Minister") and to people, entered by
staff through the admin's own form and shown on the event and petition pages, with the seed's asks
printed exactly as before."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Legislature, ParliamentaryRole, Person
from petitions.models import Petition
from recommendations.models import PublicOffice, Recommendation

pytestmark = pytest.mark.django_db


def page_text(response):
    return html.unescape(re.sub(r"</?bdi>", "", response.content.decode()))


def addressee_line(names):
    return "".join(f'<span class="addressee"><bdi>{html.escape(name)}</bdi></span>' for name in names)


@pytest.fixture
def minister():
    person = Person.objects.create(honorific="Rt Hon", given_name="Dominic", family_name="Raab", post_nominals="MP")
    commons, _ = Legislature.objects.get_or_create(
        slug="house-of-commons", defaults={"name": "House of Commons", "kind": "lower", "member_title": "MP"}
    )
    ParliamentaryRole.objects.create(person=person, legislature=commons)
    return person


def recommendation_form(demo_event, **fields):
    data = {
        "campaign": demo_event.campaign.pk,
        "title_en_gb": "Refer the 1988 massacre to the UN Security Council",
        "title_fa": "ارجاع کشتار ۱۳۶۷ به شورای امنیت سازمان ملل",
        "slug": "refer-1988-massacre",
        "call_to_action_en_gb": "Urge the Prime Minister to raise the 1988 massacre at the Security Council.",
        "call_to_action_fa": "از نخست‌وزیر بخواهید کشتار ۱۳۶۷ را در شورای امنیت مطرح کند.",
        "made_at": [demo_event.pk],
        "order": "9",
        "status_updates-TOTAL_FORMS": "0",
        "status_updates-INITIAL_FORMS": "0",
        "status_updates-MIN_NUM_FORMS": "0",
        "status_updates-MAX_NUM_FORMS": "1000",
        "backings-TOTAL_FORMS": "0",
        "backings-INITIAL_FORMS": "0",
        "backings-MIN_NUM_FORMS": "0",
        "backings-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_an_editor_names_an_office_and_addresses_an_ask_to_it_and_to_a_person(editor_client, demo_event, minister):
    response = editor_client.post(
        reverse("admin:recommendations_publicoffice_add"),
        {"title_en_gb": "Prime Minister", "title_fa": "نخست‌وزیر", "organisation": demo_event.organiser.pk},
    )
    assert response.status_code == 302
    office = PublicOffice.objects.get(title_en_gb="Prime Minister")
    response = editor_client.post(
        reverse("admin:recommendations_recommendation_add"),
        recommendation_form(demo_event, addressed_to_offices=[office.pk], addressed_to_people=[minister.pk]),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    page = page_text(editor_client.get(reverse("admin:recommendations_recommendation_changelist")))
    assert "Prime Minister, Rt Hon Dominic Raab MP" in page

    event_page = editor_client.get(demo_event.get_absolute_url()).content.decode()
    assert "Refer the 1988 massacre to the UN Security Council" in event_page
    assert addressee_line(["Prime Minister", "Rt Hon Dominic Raab MP"]) in event_page
    persian = editor_client.get("/fa" + demo_event.get_absolute_url()).content.decode()
    assert addressee_line(["نخست‌وزیر", "Rt Hon Dominic Raab MP"]) in persian


def test_an_ask_addressed_to_no_one_is_refused(editor_client, demo_event):
    response = editor_client.post(reverse("admin:recommendations_recommendation_add"), recommendation_form(demo_event))
    assert "Say whom it is addressed to: a body, an office or a person." in response.content.decode()
    assert not Recommendation.objects.filter(slug="refer-1988-massacre").exists()


def test_a_private_person_cannot_be_named_as_addressee(editor_client, demo_event):
    supporter = Person.objects.create(given_name="Private", family_name="Supporter", email="s@example.org")
    office = PublicOffice.objects.create(title="Prime Minister")
    response = editor_client.post(
        reverse("admin:recommendations_recommendation_add"),
        recommendation_form(demo_event, addressed_to_offices=[office.pk], addressed_to_people=[supporter.pk]),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    # And one whose profile is made private later is no longer printed.
    public = Person.objects.create(given_name="Once", family_name="Public", profile_is_public=True)
    recommendation = Recommendation.objects.get(slug="extend-un-arms-embargo-iran")
    recommendation.addressed_to_people.add(public)
    assert "Once Public" in page_text(editor_client.get(demo_event.get_absolute_url()))
    Person.objects.filter(pk=public.pk).update(profile_is_public=False)
    assert "Once Public" not in page_text(editor_client.get(demo_event.get_absolute_url()))


def test_the_seed_asks_are_printed_exactly_as_before(client, demo_event):
    event_page = client.get(demo_event.get_absolute_url()).content.decode()
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    petition_page = client.get(petition.get_absolute_url()).content.decode()
    for recommendation in Recommendation.objects.prefetch_related("addressed_to"):
        # What includes/recommendation.html printed when asks could only go to bodies.
        before = addressee_line([body.name for body in recommendation.addressed_to.all()])
        assert f"{html.escape(recommendation.title)}" in event_page
        assert f'<span aria-hidden="true" class="text-body-secondary">To </span>{before}</p>' in event_page
    for recommendation in petition.recommendations.prefetch_related("addressed_to"):
        before = addressee_line([body.name for body in recommendation.addressed_to.all()])
        assert f'<span aria-hidden="true" class="text-body-secondary">To </span>{before}</p>' in petition_page


def test_the_petition_page_names_an_office_addressed(client, demo_event, minister):
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    recommendation = petition.recommendations.first()
    recommendation.addressed_to_offices.add(PublicOffice.objects.create(title="UN High Commissioner for Human Rights"))
    recommendation.addressed_to_people.add(minister)
    page = page_text(client.get(petition.get_absolute_url()))
    assert "UN High Commissioner for Human Rights" in page and "Rt Hon Dominic Raab MP" in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_ask_no_more_queries_for_more_addressees(client, demo_event, minister):
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    urls = [demo_event.get_absolute_url(), petition.get_absolute_url(), "/"]
    before = [count_queries(client, url) for url in urls]
    for i, recommendation in enumerate(Recommendation.objects.all()):
        recommendation.addressed_to_offices.add(PublicOffice.objects.create(title=f"Office {i}"))
        recommendation.addressed_to_people.add(minister)
    assert [count_queries(client, url) for url in urls] == before


def test_the_people_search_for_addressees_offers_no_private_person(editor_client, demo_event, minister):
    Person.objects.create(given_name="Private", family_name="Raab", email="private@example.org")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "recommendations",
            "model_name": "recommendation",
            "field_name": "addressed_to_people",
            "term": "Raab",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == ["Rt Hon Dominic Raab MP"]
