import pytest

from outreach.models import Audience
from people.models import Legislature, ParliamentaryRole, Party, Person, Tag
from petitions.services import signature_confirm, signature_submit
from tests.petitions.factories import make_petition

from .factories import make_audience, make_supporters

pytestmark = pytest.mark.django_db


def emails(audience):
    return sorted(audience.people().values_list("email", flat=True))


def test_supporters_are_only_those_who_subscribed():
    make_supporters(2, prefix="yes")
    make_supporters(1, prefix="unsub", consent=Person.EmailConsent.UNSUBSCRIBED)
    make_supporters(1, prefix="bounced", consent=Person.EmailConsent.BOUNCED)
    make_supporters(1, prefix="never", consent=Person.EmailConsent.UNKNOWN)
    assert emails(make_audience()) == ["yes0@example.org", "yes1@example.org"]


def test_supporters_narrowed_by_petition_country_and_tag():
    petition = make_petition()
    for i, country in enumerate(["GB", "IE", "GB"]):
        signature = signature_submit(
            petition=petition, name=f"Signer {i}", email=f"signer{i}@example.org", country=country, wants_email=True
        )
        if i < 2:
            signature_confirm(signature)  # the third never confirmed
    make_supporters(3, prefix="other")
    audience = make_audience(countries=["GB"])
    audience.signed_petitions.add(petition)
    assert emails(audience) == ["signer0@example.org"]

    tagged = make_audience(name="Volunteers")
    volunteer = Tag.objects.create(name="volunteer")
    Person.objects.get(email="other1@example.org").tags.add(volunteer)
    tagged.tags.add(volunteer)
    assert emails(tagged) == ["other1@example.org"]


def test_parliamentarians_by_house_party_and_standing_with_opt_outs_honoured():
    commons = Legislature.objects.create(name="House of Commons", slug="commons", kind="lower", member_title="MP")
    lords = Legislature.objects.create(name="House of Lords", slug="lords", kind="upper", member_title="Peer")
    con = Party.objects.create(name="Conservative Party", country="GB")
    lab = Party.objects.create(name="Labour Party", country="GB")

    def member(email, house, party, current=True, consent=Person.EmailConsent.UNKNOWN):
        person = Person.objects.create(family_name=email.split("@")[0], email=email, email_consent=consent)
        ParliamentaryRole.objects.create(person=person, legislature=house, party=party, is_current=current)

    member("gale@parliament.example", commons, con)
    member("mccabe@parliament.example", commons, lab)
    member("meale@parliament.example", commons, lab, current=False)
    member("maginnis@parliament.example", lords, None)
    member("optout@parliament.example", commons, con, consent=Person.EmailConsent.UNSUBSCRIBED)
    make_supporters(2)

    current_mps = make_audience(name="Current MPs", kind=Audience.Kind.PARLIAMENTARIANS)
    current_mps.legislatures.add(commons)
    assert emails(current_mps) == ["gale@parliament.example", "mccabe@parliament.example"]

    labour_any = make_audience(name="Labour", kind=Audience.Kind.PARLIAMENTARIANS, standing=Audience.Standing.ANY)
    labour_any.parties.add(lab)
    assert emails(labour_any) == ["mccabe@parliament.example", "meale@parliament.example"]

    former = make_audience(name="Former", kind=Audience.Kind.PARLIAMENTARIANS, standing=Audience.Standing.FORMER)
    assert emails(former) == ["meale@parliament.example"]

    peers = make_audience(name="Peers", kind=Audience.Kind.PARLIAMENTARIANS)
    peers.legislatures.add(lords)
    assert emails(peers) == ["maginnis@parliament.example"]
