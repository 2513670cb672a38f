"""A motion's public page and its place on an event's page: what was tabled, by whom, who signed
and who withdrew, and the total the campaign states, in both languages, in a fixed number of queries."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motions.models import Motion
from people.models import Person

from .factories import motion, mp, sign

pytestmark = pytest.mark.django_db


def page_text(response):
    return html.unescape(re.sub(r"</?bdi[^>]*>", "", response.content.decode()))


@pytest.fixture
def edm(demo_event):
    sponsor = mp("Gale", "Roger", "Rt Hon Sir")
    tabled = motion(
        demo_event.campaign,
        primary_sponsor=sponsor,
        stated_total=80,
        stated_total_wording="~80 MPs",
        stated_total_wording_fa="حدود ۸۰ نماینده",
        title_fa="کشتار ۱۳۶۷ زندانیان سیاسی در ایران",
        text_fa="این مجلس کشتار ۱۳۶۷ را محکوم می‌کند.",
    )
    sign(tabled, sponsor, datetime.date(2020, 11, 23), is_sponsor=True)
    sign(tabled, mp("Backer", "Bob"))
    sign(tabled, mp("Leaver", "Lee"), has_withdrawn=True, withdrawn_on=datetime.date(2020, 12, 2))
    tabled.events.add(demo_event)
    tabled.recommendations.set(demo_event.recommendations.all()[:1])
    return tabled


def test_the_motion_page_shows_what_was_tabled_and_who_signed(client, edm):
    response = client.get(edm.get_absolute_url())
    assert response.status_code == 200
    page = page_text(response)
    assert "Early Day Motion · EDM 1189" in page
    assert "Iran’s 1988 massacre of political prisoners" in page
    assert "House of Commons" in page and "2019–21" in page and "23 November 2020" in page
    assert "That this House condemns the 1988 massacre" in page
    assert "Rt Hon Sir Roger Gale MP" in page
    assert "~80 MPs" in page
    assert "Test" not in page or "Bob Backer MP" in page
    # 2 named who still back it (sponsor and Bob), 80 in all: the rest are counted, not named.
    assert "And 78 others not named here." in page
    assert "Lee Leaver MP · withdrew on 2 December 2020" in page
    assert edm.recommendations.get().title in page
    assert edm.events.get().get_absolute_url() in page


def test_a_signer_who_is_not_public_is_counted_never_named(client, edm):
    private = Person.objects.create(given_name="Private", family_name="Supporter", email="p@example.org")
    sign(edm, private)
    page = page_text(client.get(edm.get_absolute_url()))
    assert "Supporter" not in page and "p@example.org" not in page
    assert "And 78 others not named here." in page  # still 80 in all, 2 of them named


def test_without_a_stated_total_the_page_counts_the_named(client, edm):
    Motion.objects.filter(pk=edm.pk).update(
        stated_total=None, stated_total_wording_en_gb="", stated_total_wording_fa=""
    )
    page = page_text(client.get(edm.get_absolute_url()))
    assert "2 signatories" in page
    assert "not named here" not in page


def test_the_persian_page_reads_right_to_left_in_persian(client, edm):
    response = client.get("/fa" + edm.get_absolute_url())
    page = page_text(response)
    assert '<html lang="fa" dir="rtl">' in page
    assert "کشتار ۱۳۶۷ زندانیان سیاسی در ایران" in page
    assert "حدود ۸۰ نماینده" in page
    assert "امضاکنندگان" in page  # "Signatories"
    assert "۱۱۸۹" in page  # the motion's number in Persian digits
    # Names stay in their own script and direction.
    assert "<bdi>Rt Hon Sir Roger Gale MP</bdi>" in response.content.decode()


def test_a_draft_motion_is_not_public(client, edm):
    Motion.objects.filter(pk=edm.pk).update(status=Motion.Status.DRAFT)
    assert client.get(edm.get_absolute_url()).status_code == 404


def test_the_event_page_shows_its_motion_with_the_stated_total(client, demo_event, edm):
    page = page_text(client.get(demo_event.get_absolute_url()))
    assert "Motions and statements" in page
    assert f'href="{edm.get_absolute_url()}"' in page
    assert "EDM 1189 · House of Commons · 2019–21" in page
    assert "Backed by ~80 MPs" in re.sub(r"</?span>", "", page)


def test_an_event_without_motions_shows_no_motions_section(client, demo_event):
    demo_event.motions.clear()  # the demo's own cross-party statement
    assert "Motions and statements" not in page_text(client.get(demo_event.get_absolute_url()))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_event_page_queries_do_not_grow_with_motions_or_signatories(client, demo_event, edm):
    url = demo_event.get_absolute_url()
    with_one = count_queries(client, url)
    for i in range(5):
        more = motion(demo_event.campaign, number=str(2000 + i), slug=f"edm-{2000 + i}", title=f"Motion {i}")
        more.events.add(demo_event)
        for j in range(10):
            sign(more, mp(f"Signer{i}x{j}"))
    assert count_queries(client, url) == with_one
    assert "Motion 4" in client.get(url).content.decode()


def test_the_motion_page_queries_do_not_grow_with_signatories(client, edm):
    url = edm.get_absolute_url()
    at_three = count_queries(client, url)
    for j in range(30):
        sign(edm, mp(f"Extra{j}", honorific="Dr"))
    assert count_queries(client, url) == at_three
    assert "Dr Test Extra29 MP" in page_text(client.get(url))
