"""The open API: public records only, never a signer; paginated, documented, readable from any site,
rate-limited, in a constant number of queries a page."""

import datetime
import json

import pytest
from drf_spectacular.validation import validate_schema

from backing.models import Backing
from campaign.demo import STATEMENT_SLUG
from campaign.links import absolute_url
from events.models import Participant, Statement
from motions.models import Motion, Signatory
from people.models import Person
from petitions.models import Signature
from petitions.services import signature_confirm, signature_submit
from recommendations.models import Recommendation
from tests.motions.factories import motion, mp
from tests.motions.factories import sign as sign_motion
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db

# A signer no real record could contain by chance: each of these in any answer is a leak.
SIGNER = {
    "name": "Zebulon Quillfeather",
    "email": "zebulon.quillfeather@signer-leak.example",
    "postcode": "ZZ9 9ZZ",
    "ip_address": "203.0.113.77",
}
LEAKS = ["Zebulon", "Quillfeather", "signer-leak", "ZZ9 9ZZ", "ZZ99ZZ", "203.0.113.77"]


def sign(petition, *, name, email, country="GB", postcode="", confirm=True, ip_address=None):
    signature_id = signature_submit(
        petition=petition, name=name, email=email, country=country, postcode=postcode, ip_address=ip_address
    )
    if confirm:
        signature_confirm(signature_id)
    return Signature.objects.get(pk=signature_id)


@pytest.fixture
def signed_petition(demo_event):
    """The demo's petition, signed by a distinctive signer (confirmed), who is then also made an attendee
    of the event, a backer of an ask and a signatory of a motion, as an editor might; plus a pending
    signer and a few others."""
    petition = make_petition(slug="api-petition")
    petition.recommendations.set(Recommendation.objects.all()[:2])
    signature = sign(petition, **SIGNER)
    sign(petition, name="Yolanda Pendingworth", email="yolanda@signer-leak.example", confirm=False)
    for number in range(3):
        sign(petition, name=f"Other Signer {number}", email=f"other{number}@example.org", country="IE")
    person = Person.objects.get(pk=signature.person_id)
    Participant.objects.create(event=demo_event, person=person, role="attendee", order=99)
    Backing.objects.create(recommendation=Recommendation.objects.first(), person=person, how=Backing.How.RECORDED)
    edm = tabled_motion(demo_event, petition)
    sign_motion(edm, person)
    return petition


def tabled_motion(demo_event, petition, slug="edm-1189-1988-massacre", number="1189"):
    """An Early Day Motion with a named sponsor, a backer and one who withdrew, linked to the demo's
    event, an ask and the petition; 80 in all as the campaign words it."""
    sponsor = mp(f"Gale{number}", "Roger", "Rt Hon Sir")
    edm = motion(
        demo_event.campaign,
        slug=slug,
        number=number,
        primary_sponsor=sponsor,
        stated_total=80,
        stated_total_wording="~80 MPs",
        stated_total_wording_fa="حدود ۸۰ نماینده",
        text_fa="این مجلس کشتار ۱۳۶۷ را محکوم می‌کند.",
    )
    sign_motion(edm, sponsor, datetime.date(2020, 11, 23), is_sponsor=True)
    sign_motion(edm, mp(f"Backer{number}", "Bob"))
    sign_motion(edm, mp(f"Leaver{number}", "Lee"), has_withdrawn=True, withdrawn_on=datetime.date(2020, 12, 2))
    edm.events.add(demo_event)
    edm.recommendations.set(Recommendation.objects.all()[:1])
    edm.petitions.add(petition)
    return edm


def api_paths(client):
    """Every list and record the schema names, with the identifiers found in the lists."""
    schema = client.get("/api/v1/schema/").json()
    paths = ["/api/v1/"]
    for path in schema["paths"]:
        if "{identifier}" in path:
            continue
        paths.append(path)
        detail = path + "{identifier}/"
        if detail in schema["paths"]:
            for item in client.get(path, {"per_page": 100}).json()["results"]:
                paths.append(detail.replace("{identifier}", item["identifier"]))
    return paths


def test_no_answer_anywhere_holds_anything_of_a_signer(client, signed_petition):
    paths = api_paths(client)
    assert "/api/v1/petitions/api-petition/" in paths
    assert any(path.startswith("/api/v1/events/") and path.count("/") == 5 for path in paths)
    assert any(path.startswith("/api/v1/asks/") and path.count("/") == 5 for path in paths)
    assert "/api/v1/motions/edm-1189-1988-massacre/" in paths
    assert Signatory.objects.filter(motion__slug="edm-1189-1988-massacre", person__email=SIGNER["email"]).exists()
    assert len(paths) > 10
    for path in [*paths, "/api/v1/schema/"]:
        for language in ("en-gb", "fa"):
            response = client.get(path, {"lang": language})
            assert response.status_code == 200, path
            text = response.content.decode()
            for leak in LEAKS:
                assert leak.lower() not in text.lower(), f"{leak} in {path}"
            assert "Set-Cookie" not in response.headers and not response.cookies


def test_a_petition_shows_its_counts_in_total_and_by_country(client, signed_petition, settings):
    settings.PUBLIC_COUNTRY_MIN_SIGNATURES = 2
    petition = client.get("/api/v1/petitions/api-petition/").json()
    assert petition["total_signatures"] == 4  # the pending signer is not counted
    # One signer in the UK is nearly a name: summed as "other".
    assert petition["signatures_by_country"] == [
        {"country": "IE", "signatures": 3},
        {"country": "other", "signatures": 1},
    ]
    assert petition["status"] == "open"
    assert petition["browser_url"].endswith("/petitions/api-petition/")
    assert petition["target"] == [{"name": "UK Government"}]
    assert [ask["identifier"] for ask in petition["asks"]] == list(
        Recommendation.objects.values_list("slug", flat=True)[:2]
    )


def test_a_draft_petition_is_not_in_the_api(client, db):
    make_petition(slug="secret-draft", status="draft")
    assert client.get("/api/v1/petitions/").json()["count"] == 0
    assert client.get("/api/v1/petitions/secret-draft/").status_code == 404


def test_events_list_their_participants_as_the_event_page_does(client, signed_petition, demo_event):
    event = client.get(f"/api/v1/events/{demo_event.slug}/").json()
    groups = {group["role"]: group for group in event["participants"]}
    named = [p["name"] for group in event["participants"] for p in group["participants"]]
    assert len(named) == 23 and None not in named
    assert sum(len(p["statements"]) for group in event["participants"] for p in group["participants"]) == 12
    # The signer an editor added as an attendee is only counted, as on the page.
    assert groups["attendee"]["names_withheld"] == 1
    chair = groups["chair"]["participants"][0]
    assert chair["name"] == "Rt Hon David Jones MP"
    assert any("MP" in line for line in chair["credentials"])
    assert event["asks"] and {"identifier", "title", "status", "api_url"} <= set(event["asks"][0])


def test_a_withheld_witness_is_quoted_but_never_named(client, demo_event):
    person = Person.objects.create(
        given_name="Hidden", family_name="Witness", description="survivor living in Ashraf 3", profile_is_public=False
    )
    participant = Participant.objects.create(
        event=demo_event, person=person, role="testimony", spoke_as="Former prisoner in Evin", order=50
    )
    Statement.objects.create(
        event=demo_event, participant=participant, text="I saw them taken away.", context="in testimony", order=50
    )
    response = client.get(f"/api/v1/events/{demo_event.slug}/")
    text = response.content.decode()
    for detail in ("Hidden", "Witness", "Evin", "Ashraf"):
        assert detail not in text
    testimonies = next(g for g in response.json()["participants"] if g["role"] == "testimony")
    witness = next(p for p in testimonies["participants"] if p["name_withheld"])
    assert witness == {
        "name": None,
        "name_withheld": True,
        "spoke_as": None,
        "credentials": [],
        "statements": [
            {"text": "I saw them taken away.", "language": "en-gb", "translation": None, "context": "in testimony"}
        ],
    }


def test_asks_show_their_status_and_only_the_backers_who_may_be_named(client, signed_petition):
    ask = Recommendation.objects.first()
    # Its backers: the parliamentarians who spoke for it, and those who signed its motion (not the one
    # who withdrew); the signer, recorded as a backer and a signatory too, is only counted, once.
    spoke = {backing.person.full_name for backing in ask.backings.filter(how=Backing.How.SPOKE)}
    named = spoke | {"Rt Hon Sir Roger Gale1189 MP", "Bob Backer1189 MP"}
    answer = client.get(f"/api/v1/asks/{ask.slug}/").json()
    assert answer["status"] == ask.status
    assert answer["status_label"]
    assert {backer["name"] for backer in answer["backers"]} == named
    assert {backer["house"] for backer in answer["backers"]} == {"House of Commons"}
    assert answer["backers_withheld"] == 1  # the signer
    persian = client.get(f"/api/v1/asks/{ask.slug}/", {"lang": "fa"})
    assert persian["Content-Language"] == "fa"
    assert persian.json()["status_label"] != answer["status_label"]


def test_lists_are_paginated(client, db):
    for number in range(3):
        make_petition(slug=f"petition-{number}")
    first = client.get("/api/v1/petitions/", {"per_page": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert client.get("/api/v1/petitions/", {"per_page": 1000}).json()["results"].__len__() == 3


def test_the_openapi_document_is_valid(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert {
        "/api/v1/petitions/",
        "/api/v1/events/",
        "/api/v1/asks/",
        "/api/v1/motions/",
        "/api/v1/motions/{identifier}/",
        "/api/v1/advocacy_campaigns/",
    } <= set(schema["paths"])


def test_any_site_may_read_it_from_a_browser_but_not_the_rest_of_the_site(client, db):
    make_petition()
    response = client.get("/api/v1/petitions/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/petitions/", HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204 and "POST" not in preflight["Access-Control-Allow-Methods"]
    page = client.get("/petitions/test-petition/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in page


def test_it_is_read_only(client, db):
    make_petition()
    assert client.post("/api/v1/petitions/", {}).status_code == 405
    assert client.delete("/api/v1/petitions/test-petition/").status_code == 405


def test_too_many_requests_from_one_address_are_refused(client, db, settings):
    settings.API_RATE = "3/min"
    statuses = [client.get("/api/v1/petitions/").status_code for _ in range(4)]
    other_address = client.get("/api/v1/petitions/", REMOTE_ADDR="198.51.100.2").status_code
    spoofed = client.get("/api/v1/petitions/", HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert statuses == [200, 200, 200, 429]
    assert int(spoofed["Retry-After"]) > 0
    assert other_address == 200
    assert spoofed.status_code == 429  # a header the client wrote is not an address


def queries_for(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(path, {"per_page": 100}).status_code == 200
    return len(context.captured_queries)


def add_more_of_everything(demo_event):
    """Petitions with signatures and asks, a second event with participants and a quote, more backers."""
    for number in range(3):
        petition = make_petition(slug=f"more-{number}")
        petition.recommendations.set(Recommendation.objects.all())
        sign(petition, name="Someone Else", email=f"else{number}@example.org", country="FR")
    participants = list(demo_event.participants.select_related("person")[:5])
    demo_event.pk, demo_event.slug = None, "copy-of-the-event"
    demo_event.save()
    for participant in participants:
        copy = Participant.objects.create(event=demo_event, person=participant.person, role=participant.role)
        Statement.objects.create(event=demo_event, participant=copy, text="Words.")
    Backing.objects.bulk_create(
        Backing(recommendation=Recommendation.objects.last(), person=person, how=Backing.How.PLEDGED)
        for person in Person.objects.all()[:5]
    )
    Recommendation.objects.last().made_at.add(demo_event)
    for number in range(2):
        edm = tabled_motion(demo_event, petition, slug=f"more-motion-{number}", number=f"90{number}")
        edm.recommendations.set(Recommendation.objects.all())
        sign_motion(edm, Person.objects.create(given_name="Private", family_name=f"Person{number}"))


@pytest.mark.parametrize(
    "path",
    ["/api/v1/petitions/", "/api/v1/events/", "/api/v1/asks/", "/api/v1/motions/", "/api/v1/advocacy_campaigns/"],
)
def test_a_page_takes_the_same_number_of_queries_whatever_it_holds(
    client, signed_petition, demo_event, path, django_assert_num_queries
):
    few = queries_for(client, path)
    add_more_of_everything(demo_event)
    with django_assert_num_queries(few):
        assert client.get(path, {"per_page": 100}).status_code == 200


def test_one_address_for_every_language(client, db):
    make_petition(title_fa="تحقیق مستقل")
    response = client.get("/api/v1/petitions/", HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 200 and response["Content-Language"] == "en-gb"
    persian = client.get("/api/v1/petitions/", {"lang": "fa"})
    assert persian.json()["results"][0]["title"] == "تحقیق مستقل"


def test_events_print_every_kind_of_participant_as_on_the_day(client, demo_event):
    """Organisations and witnesses without a person row are listed; what a person took on after the
    event is not credited; staff's "as printed" words are used; an event without an organiser is fine."""
    import datetime

    from campaign.models import Organisation
    from people.models import Office

    demo_event.organiser = None
    demo_event.save()
    society = Organisation.objects.create(name="The Law Society")
    Participant.objects.create(event=demo_event, organisation=society, role="speaker", order=60)
    Participant.objects.create(event=demo_event, withheld_as="A relative of a victim", role="testimony", order=61)
    jones = Person.objects.get(given_name="David", family_name="Jones")
    Office.objects.create(person=jones, title="Minister of Later Things", started_on=datetime.date(2030, 1, 1))
    chair = demo_event.participants.get(person=jones)
    chair.name_as_printed = "The Rt Hon David Jones MP (as printed)"
    chair.save()

    response = client.get(f"/api/v1/events/{demo_event.slug}/")
    assert response.status_code == 200
    event = response.json()
    everyone = [p for group in event["participants"] for p in group["participants"]]
    names = [p["name"] for p in everyone]
    assert "The Law Society" in names and "The Rt Hon David Jones MP (as printed)" in names
    assert "Minister of Later Things" not in response.content.decode()
    assert event["organiser"] is None
    assert client.get("/api/v1/events/").status_code == 200


def test_a_motion_names_only_those_who_may_be_named_and_counts_the_rest(client, signed_petition, demo_event):
    answer = client.get("/api/v1/motions/edm-1189-1988-massacre/")
    assert answer.status_code == 200
    edm = answer.json()
    assert edm["kind"] == "early_day_motion" and edm["reference"] == "EDM 1189"
    assert edm["house"] == "House of Commons" and edm["session"] == "2019–21"
    assert edm["tabled_date"] == "2020-11-23"
    assert edm["text"].startswith("That this House condemns")
    assert edm["browser_url"].endswith("/motions/edm-1189-1988-massacre/")
    assert edm["primary_sponsor"] == "Rt Hon Sir Roger Gale1189 MP"
    assert (edm["stated_total"], edm["stated_total_wording"], edm["total_signatories"]) == (80, "~80 MPs", 80)
    assert edm["signatories"] == [
        {"name": "Rt Hon Sir Roger Gale1189 MP", "sponsor": True, "signed_on": "2020-11-23", "withdrew": False,
         "withdrew_on": None},
        {"name": "Bob Backer1189 MP", "sponsor": False, "signed_on": "2020-11-24", "withdrew": False,
         "withdrew_on": None},
        {"name": "Lee Leaver1189 MP", "sponsor": False, "signed_on": "2020-11-24", "withdrew": True,
         "withdrew_on": "2020-12-02"},
    ]  # fmt: skip
    # 80 in all, 2 of them named and still backing it; the signer is among the 78 only counted.
    assert edm["signatories_not_named"] == 78
    assert [event["identifier"] for event in edm["events"]] == [demo_event.slug]
    assert edm["events"][0]["api_url"].endswith(f"/api/v1/events/{demo_event.slug}/")
    assert [ask["identifier"] for ask in edm["asks"]] == [Recommendation.objects.first().slug]
    assert [petition["identifier"] for petition in edm["petitions"]] == ["api-petition"]
    persian = client.get("/api/v1/motions/edm-1189-1988-massacre/", {"lang": "fa"}).json()
    assert persian["text"] == "این مجلس کشتار ۱۳۶۷ را محکوم می‌کند."
    assert persian["stated_total_wording"] == "حدود ۸۰ نماینده"
    assert persian["kind_label"] != edm["kind_label"]


def test_a_sponsor_who_may_not_be_named_is_not_named(client, signed_petition):
    edm = Motion.objects.get(slug="edm-1189-1988-massacre")
    edm.primary_sponsor = Person.objects.get(email=SIGNER["email"])
    edm.save()
    assert client.get(f"/api/v1/motions/{edm.slug}/").json()["primary_sponsor"] is None


def test_records_link_their_published_motions_and_drafts_stay_out(client, signed_petition, demo_event):
    draft = tabled_motion(demo_event, signed_petition, slug="draft-motion", number="77")
    Motion.objects.filter(pk=draft.pk).update(status=Motion.Status.DRAFT)
    reference = {
        "identifier": "edm-1189-1988-massacre",
        "api_url": absolute_url("/api/v1/motions/edm-1189-1988-massacre/"),
    }
    statement = {"identifier": STATEMENT_SLUG, "api_url": absolute_url(f"/api/v1/motions/{STATEMENT_SLUG}/")}
    # The demo's own cross-party statement, made at the event, tabled before the EDM.
    assert client.get(f"/api/v1/events/{demo_event.slug}/").json()["motions"] == [reference, statement]
    assert client.get("/api/v1/petitions/api-petition/").json()["motions"] == [reference]
    assert client.get(f"/api/v1/asks/{Recommendation.objects.first().slug}/").json()["motions"] == [reference]
    listed = [m["identifier"] for m in client.get("/api/v1/motions/").json()["results"]]
    assert listed == ["edm-1189-1988-massacre", STATEMENT_SLUG]
    assert client.get("/api/v1/motions/draft-motion/").status_code == 404
    assert client.get("/api/v1/motions/", {"campaign": "no-such-campaign"}).json()["count"] == 0
    campaign = client.get("/api/v1/motions/", {"campaign": demo_event.campaign.slug}).json()
    assert campaign["count"] == 2
    assert "motions" in client.get("/api/v1/").json()


def test_a_statement_without_house_number_date_or_sponsor_is_listed_last(client, signed_petition, demo_event):
    motion(
        demo_event.campaign,
        kind=Motion.Kind.STATEMENT,
        slug="cross-party-statement",
        number="",
        house=None,
        session="",
        tabled_on=None,
    )
    answer = client.get("/api/v1/motions/")
    assert answer.status_code == 200
    statement = answer.json()["results"][-1]
    assert statement["identifier"] == "cross-party-statement"
    assert (statement["reference"], statement["house"], statement["tabled_date"]) == ("", None, None)
    assert (statement["primary_sponsor"], statement["signatories"], statement["total_signatories"]) == (None, [], 0)
    assert statement["signatories_not_named"] == 0
