"""The press office that signs releases, set up through the admin, and the cost of a release."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Participant, Statement
from people.models import Person
from press.models import PressOffice


def text_url(event, language="en-gb"):
    return reverse("admin:press_release_text", args=[event.pk, language])


def test_an_editor_sets_up_the_press_office_that_signs_releases(editor_client, demo_event):
    organisation = demo_event.campaign.organisation
    response = editor_client.post(
        reverse("admin:press_pressoffice_add"),
        {
            "organisation": organisation.pk,
            "contact_name": "Press desk",
            "email": "press@example.org",
            "phone": "+44 20 7946 0000",
            "about_en_gb": "A cross-party committee of parliamentarians.",
            "about_fa": "کمیته‌ای فراحزبی از نمایندگان پارلمان.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PressOffice.objects.get(organisation=organisation).email == "press@example.org"
    text = editor_client.get(text_url(demo_event)).content.decode()
    assert "A cross-party committee of parliamentarians." in text
    assert "Press desk\npress@example.org\n+44 20 7946 0000" in text
    persian = editor_client.get(text_url(demo_event, "fa")).content.decode()
    assert "کمیته‌ای فراحزبی از نمایندگان پارلمان." in persian
    assert "press@example.org" in persian


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_participants_or_statements(editor_client, demo_event, django_assert_num_queries):
    page = reverse("admin:press_release", args=[demo_event.pk, "en-gb"])
    at_demo_size = {url: count_queries(editor_client, url) for url in (text_url(demo_event), page)}
    for i in range(30):
        person = Person.objects.create(given_name=f"Extra{i}", family_name=f"Speaker{i}", profile_is_public=True)
        participant = Participant.objects.create(event=demo_event, person=person, role="speaker", order=100 + i)
        Statement.objects.create(event=demo_event, participant=participant, text=f"Quote {i}", order=100 + i)
    for url, count in at_demo_size.items():
        with django_assert_num_queries(count):
            response = editor_client.get(url)
        assert "Extra29 Speaker29" in response.content.decode()
