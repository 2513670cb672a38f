"""One button turns the filtered whip count into an outreach audience of exactly those people;
the rules of mail still leave out who cannot or will not be written to."""

from django.urls import reverse

from lobbying.models import Stance
from outreach.audiences import Criteria
from outreach.models import Audience
from people.models import Person


def make_audience(client, ask, filters):
    return client.post(reverse("admin:lobbying_whip_count_audience", args=[ask.pk]), {"filters": filters})


def test_the_audience_reaches_exactly_the_filtered_people(parliament, lobbyist_client):
    ask, conservative, mps = parliament["ask"], parliament["parties"][0], parliament["mps"]
    conservative_mps = [mp for mp in mps if mp.parliamentary_roles.get().party == conservative]
    Stance.objects.bulk_create(
        Stance(person=person, recommendation=ask, stance="undecided") for person in mps + parliament["peers"][:5]
    )
    filters = f"house={parliament['commons'].pk}&party={conservative.pk}&stance=undecided"

    response = make_audience(lobbyist_client, ask, filters)

    audience = Audience.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:outreach_audience_change", args=[audience.pk])
    assert audience.kind == Audience.Kind.PARLIAMENTARIANS
    assert set(audience.chosen_people.all()) == set(conservative_mps)
    assert set(audience.people()) == set(conservative_mps)
    assert audience.name.startswith(f"Undecided {conservative.name} MPs — {ask.title} — ")


def test_the_rules_of_mail_still_leave_out_the_unsubscribed_and_those_without_an_address(parliament, lobbyist_client):
    ask, peers = parliament["ask"], parliament["peers"]
    Person.objects.filter(pk=peers[0].pk).update(email_consent=Person.EmailConsent.UNSUBSCRIBED)
    Person.objects.filter(pk=peers[1].pk).update(email_consent=Person.EmailConsent.BOUNCED)
    Person.objects.filter(pk=peers[2].pk).update(email=None)

    make_audience(lobbyist_client, ask, f"house={parliament['lords'].pk}")

    audience = Audience.objects.get()
    assert audience.chosen_people.count() == 10
    assert set(audience.people()) == set(peers[3:])
    reach = audience.reach()
    assert (reach.matched, reach.recipients, reach.unsubscribed, reach.bounced, reach.no_address) == (10, 7, 1, 1, 1)


def test_the_audience_page_shows_its_chosen_people(parliament, lobbyist_client):
    make_audience(
        lobbyist_client, parliament["ask"], f"house={parliament['lords'].pk}&party={parliament['parties'][4].pk}"
    )
    audience = Audience.objects.get()
    page = lobbyist_client.get(reverse("admin:outreach_audience_change", args=[audience.pk])).content.decode()
    assert 'name="chosen_people"' in page
    for person in audience.chosen_people.all():
        assert person.full_name in page or str(person) in page


def test_an_empty_list_makes_no_audience(parliament, lobbyist_client):
    response = make_audience(lobbyist_client, parliament["ask"], "stance=backs")
    assert response.status_code == 302
    assert not Audience.objects.exists()
    page = lobbyist_client.get(response["Location"]).content.decode()
    assert "Nobody is in this list: no audience was made." in page


def test_two_audiences_of_the_same_filter_on_one_day_get_different_names(parliament, lobbyist_client):
    for _ in range(2):
        make_audience(lobbyist_client, parliament["ask"], "contacted=no")
    names = sorted(Audience.objects.values_list("name", flat=True))
    assert len(names) == 2 and names[1] == f"{names[0]} (2)"


def test_the_live_reach_of_the_audience_form_counts_chosen_people(parliament, lobbyist_client):
    mps = parliament["mps"]
    url = reverse("admin:outreach_audience_reach")
    query = f"kind=parliamentarians&standing=current&chosen_people={mps[0].pk}&chosen_people={mps[1].pk}"
    response = lobbyist_client.get(f"{url}?{query}")
    assert response.status_code == 200
    assert Criteria(kind="parliamentarians", chosen_people=(mps[0].pk, mps[1].pk)).people().count() == 2
    assert "2" in response.content.decode()


def test_chosen_people_narrow_a_supporters_audience_too(db):
    from tests.outreach.factories import make_supporters

    supporters = make_supporters(3)
    unsubscribed = make_supporters(1, prefix="gone", consent=Person.EmailConsent.UNSUBSCRIBED)
    audience = Audience.objects.create(name="Two named supporters")
    audience.chosen_people.set([supporters[0], supporters[1], unsubscribed[0]])
    assert set(audience.people()) == {supporters[0], supporters[1]}


def test_members_without_a_party_can_be_filtered_and_reached(parliament, lobbyist_client):
    from people.models import ParliamentaryRole

    independents = parliament["peers"][:2]
    ParliamentaryRole.objects.filter(person__in=independents).update(party=None)
    make_audience(lobbyist_client, parliament["ask"], f"house={parliament['lords'].pk}&party=0")
    audience = Audience.objects.get()
    assert set(audience.chosen_people.all()) == set(independents)
    assert audience.name.startswith("Peers without a party — ")


def test_the_live_reach_takes_hundreds_of_chosen_people_posted(lobbyist, db):
    """The audience form posts its criteria: 1,450 chosen people would not fit in an address."""
    from django.test import Client

    from tests.lobbying.factories import make_parliament

    _, _, _, mps, peers = make_parliament(650, 800)
    client = Client(enforce_csrf_checks=True)
    client.force_login(lobbyist)
    form = client.get(reverse("admin:outreach_audience_add"))
    token = form.cookies["csrftoken"].value
    data = {"kind": "parliamentarians", "standing": "current", "chosen_people": [p.pk for p in mps + peers]}
    response = client.post(reverse("admin:outreach_audience_reach"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "1,450 recipients now" in response.content.decode()
    assert client.post(reverse("admin:outreach_audience_reach"), data).status_code == 403  # no token


def test_an_audience_of_the_whole_parliament_can_be_saved_from_its_form(lobbyist_client, db):
    from tests.lobbying.factories import make_parliament

    _, _, _, mps, peers = make_parliament(650, 800)
    audience = Audience.objects.create(name="Everyone", kind=Audience.Kind.PARLIAMENTARIANS)
    audience.chosen_people.set(mps + peers)
    response = lobbyist_client.post(
        reverse("admin:outreach_audience_change", args=[audience.pk]),
        {"name": "Everyone, renamed", "kind": "parliamentarians", "standing": "current", "attendance": "registered",
         "chosen_people": [p.pk for p in mps + peers]},
    )  # fmt: skip
    assert response.status_code == 302
    audience.refresh_from_db()
    assert audience.name == "Everyone, renamed"
    assert audience.chosen_people.count() == 1450


def test_an_audience_whose_chosen_people_are_all_gone_reaches_nobody(parliament, lobbyist_client):
    """Were every chosen person erased, the audience must not widen to every parliamentarian."""
    ask = parliament["ask"]
    make_audience(lobbyist_client, ask, f"house={parliament['lords'].pk}")
    audience = Audience.objects.get()
    assert audience.only_chosen_people
    audience.chosen_people.clear()
    assert not audience.people().exists()
