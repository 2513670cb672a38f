"""Parliaments of any size for the whip count: bulk-created, so 1,450 members take a moment."""

from campaign.models import Campaign, Organisation
from people.models import Legislature, ParliamentaryRole, Party, Person
from recommendations.models import Recommendation

PARTY_NAMES = ["Conservative", "Labour", "Liberal Democrat", "Scottish National Party", "Crossbench"]


def make_houses():
    commons, _ = Legislature.objects.get_or_create(
        slug="house-of-commons",
        defaults={"name": "House of Commons", "kind": Legislature.Kind.LOWER, "country": "GB", "member_title": "MP"},
    )
    lords, _ = Legislature.objects.get_or_create(
        slug="house-of-lords",
        defaults={"name": "House of Lords", "kind": Legislature.Kind.UPPER, "country": "GB", "member_title": "Peer"},
    )
    return commons, lords


def make_parties():
    return [Party.objects.get_or_create(name=name, country="GB")[0] for name in PARTY_NAMES]


def make_members(house, count, *, parties, prefix, current=True):
    """`count` members of `house`, their parties in turn, each with an address."""
    people = Person.objects.bulk_create(
        Person(
            given_name=f"Alex{i}",
            family_name=f"{prefix}{i:04d}",
            email=f"{prefix.lower()}{i}@parliament.example",
            email_consent=Person.EmailConsent.UNKNOWN,
        )
        for i in range(count)
    )
    ParliamentaryRole.objects.bulk_create(
        ParliamentaryRole(
            person=person,
            legislature=house,
            party=parties[i % len(parties)],
            constituency=f"Seat {i}" if house.kind == Legislature.Kind.LOWER else "",
            is_current=current,
        )
        for i, person in enumerate(people)
    )
    return people


def make_asks(count=1):
    organisation, _ = Organisation.objects.get_or_create(slug="bcif", defaults={"name": "BCIF", "kind": "campaign"})
    campaign, _ = Campaign.objects.get_or_create(
        slug="iran", defaults={"name": "Iran", "organisation": organisation, "summary": "…"}
    )
    start = Recommendation.objects.count()
    return Recommendation.objects.bulk_create(
        Recommendation(
            campaign=campaign,
            title=f"Ask {start + i}",
            slug=f"ask-{start + i}",
            call_to_action="Proscribe the IRGC.",
        )
        for i in range(count)
    )


def make_parliament(mps, peers):
    """A Commons of `mps` and a Lords of `peers`; returns (commons, lords, parties, mps, peers)."""
    commons, lords = make_houses()
    parties = make_parties()
    return (
        commons,
        lords,
        parties,
        make_members(commons, mps, parties=parties[:4], prefix="Member"),
        make_members(lords, peers, parties=parties, prefix="Peer"),
    )
