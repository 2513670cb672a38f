"""The public cross-party pages of an ask and of a motion, and the headline on the home and event
pages: what the public sees (named parliamentarians, their seat then, the public sources) and what
it never sees (withdrawn backing, staff notes and documents, anyone without a seat)."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backing.models import Backing
from campaign.demo import STATEMENT_SLUG
from motions.models import Motion, Signatory
from people.models import ParliamentaryRole, Person
from tests.motions.factories import commons, motion, sign

from .factories import ask, back, lords, parliamentarian, party

pytestmark = pytest.mark.django_db


def page_text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def recommendation(demo_event):
    recommendation = ask(demo_event.campaign)
    recommendation.made_at.add(demo_event)
    return recommendation


def test_the_ask_page_shows_the_headline_chart_and_each_backer_with_their_seat_and_source(
    client, recommendation, demo_event
):
    back(
        recommendation,
        parliamentarian("Whitfield", given_name="Ann", constituency="Bath"),
        how=Backing.How.WROTE,
        source_url="https://example.org/letter",
        source_description="Reply to a constituent, 3 Dec 2026",
    )
    peer = parliamentarian("Peer", house=lords(), party_name="Labour Party", constituency="")
    back(recommendation, peer, how=Backing.How.SPOKE, event=demo_event, backed_on=datetime.date(2020, 9, 10))
    text = page_text(client.get(reverse("backing:ask", args=[recommendation.slug])))
    assert "Backed by 2 MPs and Peers from 2 parties" in text
    assert '<svg class="backing-chart"' in text and '<title id="party-chart-title">Backers by party</title>' in text
    assert "Conservative: 1; Labour: 1" in text  # the chart's description, for a screen reader
    assert "Ann Whitfield" in text and "Bath" in text
    assert "Wrote a letter" in text and "Reply to a constituent, 3 Dec 2026" in text
    assert 'href="https://example.org/letter"' in text
    assert f'href="{demo_event.get_absolute_url()}"' in text


def test_the_ask_page_never_shows_withdrawn_backing_notes_documents_or_people_without_a_seat(client, recommendation):
    shown = back(recommendation, parliamentarian("Shown"), note="Prefers not to be quoted; call her office first")
    shown.source_document.save("letter.pdf", ContentFile(b"%PDF-1.4 private"), save=True)
    back(recommendation, parliamentarian("Withdrawer"), has_withdrawn=True, withdrawn_on=datetime.date(2024, 6, 1))
    Backing.objects.create(
        recommendation=recommendation,
        person=Person.objects.create(family_name="Supporterson", profile_is_public=True),
        how=Backing.How.RECORDED,
    )
    text = page_text(client.get(reverse("backing:ask", args=[recommendation.slug])))
    assert "Shown" in text
    for hidden in ("Withdrawer", "Supporterson", "Prefers not to be quoted", "letter", ".pdf", "/admin/"):
        assert hidden not in text, hidden
    assert "Backed by 1 MP from 1 party" in text


def test_the_ask_page_counts_a_defector_in_the_party_they_backed_it_from(client, recommendation):
    person = parliamentarian(
        "Turncoat", started_on=datetime.date(2019, 12, 12), ended_on=datetime.date(2025, 1, 14), is_current=False
    )
    ParliamentaryRole.objects.create(
        person=person, legislature=commons(), party=party("Reform UK"), started_on=datetime.date(2025, 1, 15)
    )
    back(recommendation, person, backed_on=datetime.date(2024, 3, 1))
    text = page_text(client.get(reverse("backing:ask", args=[recommendation.slug])))
    assert "Conservative: 1" in text and "Reform" not in text


def test_the_ask_page_in_persian(client, recommendation):
    for number in range(3):
        back(recommendation, parliamentarian(f"Member{number}"))
    text = page_text(client.get("/fa" + reverse("backing:ask", args=[recommendation.slug])))
    assert "با پشتیبانی ۳ نمایندهٔ مجلس عوام از ۱ حزب" in text
    assert 'dir="rtl"' in text


def test_an_ask_nobody_backs_says_so(client, recommendation):
    text = page_text(client.get(reverse("backing:ask", args=[recommendation.slug])))
    assert "No parliamentarian is recorded as backing it yet." in text and "<svg" not in text


def test_an_unknown_ask_is_not_found(client, db):
    assert client.get(reverse("backing:ask", args=["no-such-ask"])).status_code == 404


def test_the_motion_page_counts_its_signatories_and_says_when_more_are_stated(client, demo_event):
    edm = motion(demo_event.campaign, stated_total=80, stated_total_wording="~80 MPs")
    sign(edm, parliamentarian("Signer"))
    sign(edm, parliamentarian("Leaver"), has_withdrawn=True)
    sign(edm, Person.objects.create(family_name="Private"))
    text = page_text(client.get(reverse("backing:motion", args=[edm.slug])))
    assert "Signed by 1 MP from 1 party" in text
    assert "The campaign states ~80 MPs in all" in text
    assert "Signer" in text
    assert "Leaver" not in text and "Private" not in text


def test_a_draft_motion_has_no_public_backers_page(client, demo_event):
    edm = motion(demo_event.campaign, status=Motion.Status.DRAFT)
    assert client.get(reverse("backing:motion", args=[edm.slug])).status_code == 404


def test_the_motion_page_links_to_its_backers_by_party(client, demo_event):
    edm = motion(demo_event.campaign)
    text = page_text(client.get(edm.get_absolute_url()))
    assert f'href="{reverse("backing:motion", args=[edm.slug])}"' in text


def test_the_home_and_event_pages_show_each_asks_headline_linking_to_its_page(client, recommendation, demo_event):
    back(recommendation, parliamentarian("One"))
    back(recommendation, parliamentarian("Two", house=lords(), party_name="Labour Party"))
    link = f'<a href="{reverse("backing:ask", args=[recommendation.slug])}">Backed by 2 MPs and Peers from 2 parties'
    assert link in page_text(client.get("/"))
    assert link in page_text(client.get(demo_event.get_absolute_url()))


def test_the_seed_demo_shows_the_chart_of_its_cross_party_statement(client, demo_event):
    text = page_text(client.get(reverse("backing:ask", args=["independent-inquiry-1988-massacre"])))
    assert "Backed by 11 parliamentarians from 4 parties" in text
    assert text.count('<svg class="backing-chart"') == 2
    assert "Lord Maginnis of Drumglass" in text and "House of Lords" in text
    assert f'href="{reverse("backing:motion", args=[STATEMENT_SLUG])}"' in text
    assert "Maryam Rajavi" not in text  # she spoke for it, but holds no seat
    motion_page = page_text(client.get(reverse("backing:motion", args=[STATEMENT_SLUG])))
    assert "Signed by 11 parliamentarians from 4 parties" in motion_page


# Query counts: the same at two sizes.


def add_backers(recommendation, edm, count, prefix):
    """`count` MPs and Peers with seats, half of them backing the ask directly, the others by signing
    its motion (bulk inserts, so that hundreds take a moment)."""
    houses = [commons(), lords()]
    parties = [party("Conservative Party"), party("Labour Party"), party("Green Party")]
    people = Person.objects.bulk_create(
        Person(given_name="Member", family_name=f"{prefix}{number}") for number in range(count)
    )
    ParliamentaryRole.objects.bulk_create(
        ParliamentaryRole(person=person, legislature=houses[number // 2 % 2], party=parties[number % 3])
        for number, person in enumerate(people)
    )
    Backing.objects.bulk_create(
        Backing(recommendation=recommendation, person=person, how=Backing.How.PLEDGED, source_url="https://example.org")
        for person in people[::2]
    )
    Signatory.objects.bulk_create(
        Signatory(motion=edm, person=person, signed_on=datetime.date(2024, 1, 1)) for person in people[1::2]
    )


def queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["ask", "motion", "home", "event"])
def test_a_page_takes_the_same_number_of_queries_for_10_backers_as_for_200(
    client, recommendation, demo_event, page, django_assert_num_queries
):
    edm = motion(demo_event.campaign)
    edm.recommendations.add(recommendation)
    path = {
        "ask": reverse("backing:ask", args=[recommendation.slug]),
        "motion": reverse("backing:motion", args=[edm.slug]),
        "home": "/",
        "event": demo_event.get_absolute_url(),
    }[page]
    add_backers(recommendation, edm, 10, "Few")
    few = queries_for(client, path)
    add_backers(recommendation, edm, 190, "More")
    with django_assert_num_queries(few):
        text = page_text(client.get(path))
    if page == "motion":
        assert "Signed by 100 MPs and Peers from 3 parties" in text
    else:
        assert "Backed by 200 MPs and Peers from 3 parties" in text


def test_at_650_mps_and_800_peers_with_20_asks_the_pages_keep_their_query_count(
    client, demo_event, django_assert_num_queries
):
    """The scale of both Houses: every ask backed by all 1,450, the home page listing all 20,
    in the queries they took when 20 backed each."""
    asks = [ask(demo_event.campaign, f"ask-{number}", f"Ask {number}") for number in range(20)]
    houses = {"MP": commons(), "Peer": lords()}
    parties = [party("Conservative Party"), party("Labour Party"), party("Liberal Democrats"), party("Crossbench")]
    people = Person.objects.bulk_create(
        Person(given_name="Member", family_name=f"{title}{number:03}")
        for title, size in (("MP", 650), ("Peer", 800))
        for number in range(size)
    )
    ParliamentaryRole.objects.bulk_create(
        ParliamentaryRole(
            person=person,
            legislature=houses["MP" if person.family_name.startswith("MP") else "Peer"],
            party=parties[number % 4],
        )
        for number, person in enumerate(people)
    )
    first, rest = people[640:660], people[:640] + people[660:]  # 10 MPs and 10 Peers, then everyone

    def everyone_backs(who):
        Backing.objects.bulk_create(
            Backing(recommendation=recommendation, person=person, how=Backing.How.SIGNED_STATEMENT)
            for recommendation in asks
            for person in who
        )

    everyone_backs(first)
    ask_page = reverse("backing:ask", args=[asks[0].slug])
    few = {"ask": queries_for(client, ask_page), "home": queries_for(client, "/")}
    everyone_backs(rest)
    with django_assert_num_queries(few["ask"]):
        text = page_text(client.get(ask_page))
    assert "Backed by 1,450 MPs and Peers from 4 parties" in text
    with django_assert_num_queries(few["home"]):
        text = page_text(client.get("/"))
    assert text.count("Backed by 1,450 MPs and Peers from 4 parties") == 20
