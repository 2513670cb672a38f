"""The public event page tells what the press release tells, from the database."""

import html
import re
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Participant, Statement
from people.models import Person

PRESS_RELEASE = (Path(__file__).parents[1] / "data" / "conference-2020-09-10.txt").read_text()


def page_text(response):
    # As read: <bdi>, which only keeps a name's direction apart from the sentence around it, left out.
    return html.unescape(re.sub(r"</?bdi>", "", response.content.decode()))


def test_the_conference_page_shows_every_participant_statement_and_recommendation(client, demo_event):
    response = client.get(demo_event.get_absolute_url())
    assert response.status_code == 200
    page = page_text(response)
    for participant in demo_event.participants.select_related("person"):
        assert participant.person.full_name in page
        assert participant.spoke_as in page
    for quote in re.findall(r"“([^”]+)”", PRESS_RELEASE):
        assert " ".join(quote.split()) in " ".join(page.split())
    for recommendation in demo_event.recommendations.prefetch_related("addressed_to"):
        assert recommendation.title in page
        for body in recommendation.addressed_to.all():
            assert body.name in page
    assert "Chaired by" in page and "Rt Hon David Jones MP" in page
    assert "Thursday 10 September 2020" in page
    assert "Former Secretary of State for Northern Ireland, UK Government" in page
    assert "Coordinator, Campaign for Iran Change" in page


def test_the_page_has_link_preview_tags(client, demo_event, settings):
    page = page_text(client.get(demo_event.get_absolute_url()))
    assert f'<meta property="og:title" content="{demo_event.title}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'content="{settings.SITE_URL}{demo_event.get_absolute_url()}"' in page


def test_a_draft_event_is_not_public(client, demo_event):
    Event.objects.filter(pk=demo_event.pk).update(status=Event.Status.DRAFT)
    assert client.get(demo_event.get_absolute_url()).status_code == 404


def test_markup_typed_by_staff_is_shown_escaped(client, demo_event):
    Statement.objects.filter(event=demo_event).update(text="<script>alert('x')</script>")
    page = client.get(demo_event.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def add_speakers(event, count):
    for i in range(count):
        person = Person.objects.create(given_name=f"Extra{i}", family_name=f"Speaker{i}", profile_is_public=True)
        participant = Participant.objects.create(event=event, person=person, role="speaker", order=100 + i)
        Statement.objects.create(event=event, participant=participant, text=f"Quote {i}", order=100 + i)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_participants_or_statements(client, demo_event, django_assert_num_queries):
    url = demo_event.get_absolute_url()
    at_demo_size = count_queries(client, url)
    add_speakers(demo_event, 40)
    with django_assert_num_queries(at_demo_size):
        response = client.get(url)
    assert "Extra39 Speaker39" in response.content.decode()


def test_the_home_page_leads_to_the_conference_and_the_petition(client, demo_event):
    response = client.get("/")
    page = page_text(response)
    assert demo_event.get_absolute_url() in page
    assert "Justice for the victims of the 1988 massacre: an independent international inquiry now" in page
    assert 'signature-count">0</strong> signatures' in page
    assert "Extend the UN arms embargo on Iran" in page and "Rejected" in page
    assert "British Committee for Iran Freedom" in page
    assert '<a href="/privacy/">Privacy notice</a>' in page


def test_home_page_queries_do_not_grow_with_events_petitions_or_recommendations(client, demo_event):
    from petitions.models import Petition
    from recommendations.models import Recommendation

    at_demo_size = count_queries(client, "/")
    for i in range(10):
        Event.objects.create(
            campaign=demo_event.campaign,
            title=f"Event {i}",
            slug=f"event-{i}",
            starts_at=demo_event.starts_at,
            organiser=demo_event.organiser,
            summary="s",
            status=Event.Status.PUBLISHED,
        )
        petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
        petition.pk, petition.slug = None, f"petition-{i}"
        petition.save()
        recommendation = Recommendation.objects.create(campaign=demo_event.campaign, title=f"R {i}", slug=f"r-{i}")
        recommendation.addressed_to.set([demo_event.organiser])
    assert count_queries(client, "/") == at_demo_size
