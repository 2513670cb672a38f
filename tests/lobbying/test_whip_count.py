"""The whip count of an ask: every current parliamentarian once, filters that answer the questions
lobbyists ask, and counts that add up."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backing.models import Backing
from lobbying.models import ContactLog, Stance
from lobbying.services import WhipFilter, whip_count
from motions.models import Motion, Signatory
from people.models import ParliamentaryRole
from tests.lobbying.factories import make_asks, make_members


def set_stances(ask, people, stance):
    Stance.objects.bulk_create(Stance(person=person, recommendation=ask, stance=stance) for person in people)


def counted(ask, **filters):
    count = whip_count(ask, WhipFilter(**filters))
    return count, count.count_table()


def test_every_current_parliamentarian_is_listed_once_and_former_ones_not(parliament):
    make_members(parliament["commons"], 3, parties=parliament["parties"], prefix="Former", current=False)
    count = whip_count(parliament["ask"])
    assert sorted(row.person.pk for row in count.rows) == sorted(p.pk for p in parliament["mps"] + parliament["peers"])
    assert {row.stance for row in count.rows} == {"not_contacted"}


def test_counts_add_up_by_house_party_and_stance(parliament):
    ask, mps, peers = parliament["ask"], parliament["mps"], parliament["peers"]
    set_stances(ask, mps[:3], "backs")
    set_stances(ask, mps[3:5], "opposed")
    set_stances(ask, peers[:4], "leaning")
    count, (table, totals, grand_total) = counted(ask)
    assert grand_total == 22 == sum(total for *_, total in table)
    assert dict(zip(Stance.Position.values, totals, strict=True)) == {
        "backs": 3, "leaning": 4, "undecided": 0, "opposed": 2, "not_contacted": 13,
    }  # fmt: skip
    for _house, _party, numbers, total in table:
        assert sum(numbers) == total
    commons_rows = [row for row in table if row[0] == parliament["commons"]]
    assert sum(total for *_, total in commons_rows) == 12
    assert len(commons_rows) == 4  # one row per party sitting there


@pytest.mark.parametrize(
    "filters",
    [
        {"stance": "backs"},
        {"contacted": "no"},
        {"house": "lords"},
        {"party": 0},
        {"house": "commons", "stance": "opposed"},
    ],
)
def test_counts_add_up_under_filters(parliament, filters):
    filters = dict(filters)
    ask, mps = parliament["ask"], parliament["mps"]
    set_stances(ask, mps[:6], "backs")
    set_stances(ask, mps[6:8], "opposed")
    if "house" in filters:
        filters["house"] = parliament[filters["house"]].pk
    if filters.get("party") == 0:
        filters["party"] = parliament["parties"][0].pk
    count, (table, totals, grand_total) = counted(ask, **filters)
    assert grand_total == len(count.rows) == sum(totals) == sum(total for *_, total in table)
    assert grand_total > 0


def test_who_in_my_party_has_not_been_contacted(parliament, lobbyist):
    ask, conservative = parliament["ask"], parliament["parties"][0]
    conservatives = [
        p for p in parliament["mps"] + parliament["peers"] if p.parliamentary_roles.get().party == conservative
    ]
    set_stances(ask, conservatives[:1], "undecided")  # judged, so contacted
    ContactLog.objects.create(person=conservatives[1], contacted_on=timezone.localdate(), channel="email", by=lobbyist)
    count = whip_count(ask, WhipFilter(party=conservative.pk, contacted="no"))
    assert [row.person for row in count.rows] == sorted(conservatives[2:], key=lambda p: (
        p.parliamentary_roles.get().legislature.name, p.family_name))  # fmt: skip


def test_which_lords_lean_our_way(parliament, lobbyist_client):
    ask, peers = parliament["ask"], parliament["peers"]
    set_stances(ask, peers[:2], "leaning")
    set_stances(ask, parliament["mps"][:2], "leaning")
    url = reverse("admin:lobbying_whip_count", args=[ask.pk])
    page = lobbyist_client.get(url, {"house": parliament["lords"].pk, "stance": "leaning"}).content.decode()
    assert peers[0].full_name in page and peers[1].full_name in page
    assert peers[2].full_name not in page
    assert parliament["mps"][0].full_name not in page


def test_next_step_due(parliament, lobbyist):
    ask, mps = parliament["ask"], parliament["mps"]
    today = timezone.localdate()
    for person, day in (
        (mps[0], today),
        (mps[1], today + datetime.timedelta(days=5)),
        (mps[2], today - datetime.timedelta(days=1)),
    ):
        ContactLog.objects.create(
            person=person, recommendation=ask, contacted_on=today - datetime.timedelta(days=10), channel="phone",
            by=lobbyist, next_step="Call back", next_step_on=day,
        )  # fmt: skip
    count = whip_count(ask, WhipFilter(next_step_due=True))
    assert {row.person for row in count.rows} == {mps[0], mps[2]}


def test_the_last_contact_is_the_latest_about_this_ask_or_none(parliament, lobbyist):
    ask, mp = parliament["ask"], parliament["mps"][0]
    (other_ask,) = make_asks(1)
    day = datetime.date(2026, 3, 1)
    ContactLog.objects.create(person=mp, recommendation=ask, contacted_on=day, channel="email", by=lobbyist)
    ContactLog.objects.create(
        person=mp, recommendation=None, contacted_on=day.replace(day=9), channel="event", by=lobbyist
    )
    ContactLog.objects.create(
        person=mp, recommendation=other_ask, contacted_on=day.replace(day=20), channel="phone", by=lobbyist
    )
    row = next(row for row in whip_count(ask).rows if row.person == mp)
    assert (row.last_contact.contacted_on, row.last_contact.channel) == (day.replace(day=9), "event")


def test_public_backers_are_marked_and_withdrawn_ones_not(parliament):
    ask, mps, peers = parliament["ask"], parliament["mps"], parliament["peers"]
    Backing.objects.create(person=mps[1], recommendation=ask, how=Backing.How.PLEDGED)
    Backing.objects.create(
        person=mps[2], recommendation=ask, how=Backing.How.PLEDGED, has_withdrawn=True, withdrawn_on="2026-10-01"
    )
    motion = Motion.objects.create(
        campaign=ask.campaign,
        kind=Motion.Kind.EARLY_DAY_MOTION,
        title="Proscribe the IRGC",
        slug="irgc",
        status="published",
    )
    motion.recommendations.add(ask)
    Signatory.objects.create(motion=motion, person=peers[0])
    Signatory.objects.create(motion=motion, person=peers[1], has_withdrawn=True)
    backers = {row.person for row in whip_count(ask).rows if row.backs_publicly}
    assert backers == {mps[1], peers[0]}


def test_the_index_counts_each_ask(parliament, lobbyist_client):
    ask = parliament["ask"]
    set_stances(ask, parliament["mps"][:5], "backs")
    # A former member's stance is not counted among those who sit now.
    ParliamentaryRole.objects.filter(person=parliament["mps"][0]).update(is_current=False)
    page = lobbyist_client.get(reverse("admin:lobbying_whip_count_index"))
    assert page.status_code == 200
    (row,) = [row for recommendation, row in page.context["asks"] if recommendation == ask]
    assert row == [4, 0, 0, 0, 17]
    assert sum(row) == page.context["total"] == 21


def test_the_page_shows_house_party_constituency_and_stance(parliament, lobbyist_client):
    ask, mp = parliament["ask"], parliament["mps"][5]
    set_stances(ask, [mp], "undecided")
    page = lobbyist_client.get(reverse("admin:lobbying_whip_count", args=[ask.pk]), {"stance": "undecided"})
    html = page.content.decode()
    role = mp.parliamentary_roles.get()
    assert mp.full_name in html and role.constituency in html and role.party.name in html
    assert page.context["grand_total"] == 1


def test_bad_filter_values_are_ignored_not_a_server_error(parliament, lobbyist_client):
    url = reverse("admin:lobbying_whip_count", args=[parliament["ask"].pk])
    page = lobbyist_client.get(url, {"house": "x", "party": "-1", "stance": "<b>", "contacted": "maybe", "p": "99"})
    assert page.status_code == 200
    assert page.context["grand_total"] == 22


def test_a_contact_without_a_stance_is_undecided_so_the_column_and_the_filter_agree(parliament, lobbyist):
    ask, mp = parliament["ask"], parliament["mps"][0]
    ContactLog.objects.create(person=mp, contacted_on=timezone.localdate(), channel="email", by=lobbyist)
    not_contacted = {row.person for row in whip_count(ask, WhipFilter(stance="not_contacted")).rows}
    never_contacted = {row.person for row in whip_count(ask, WhipFilter(contacted="no")).rows}
    assert mp not in not_contacted
    assert not_contacted == never_contacted
    (row,) = [row for row in whip_count(ask).rows if row.person == mp]
    assert row.stance == Stance.Position.UNDECIDED
