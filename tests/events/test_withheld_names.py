"""Public pages name only people whose profile is public, or parliamentarians: whatever role an
editor gives someone at an event, a signer who never agreed to be public is not named."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from campaign.models import Organisation
from events.models import Participant, Statement
from people.models import Legislature, ParliamentaryRole, Person
from petitions.models import Signature
from petitions.services import signature_confirm, signature_submit
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def page_text(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def signer_person():
    """The Person that confirming a signature makes: not public."""
    signature_submit(petition=make_petition(), name="Ada Lovelace", email="ada@example.org", country="GB")
    signature_confirm(Signature.objects.get().pk)
    person = Person.objects.get(email="ada@example.org")
    assert not person.profile_is_public
    return person


def test_the_seed_event_names_its_23_participants_and_its_12_quotes(client, demo_event):
    page = page_text(client, demo_event)
    assert page.count('<div class="participant" id="participant-') == 23
    assert page.count('<blockquote class="statement">') == 12
    assert "withheld" not in page


def test_a_signer_added_as_attendee_by_an_editor_is_not_named(client, editor_client, demo_event):
    person = signer_person()
    response = editor_client.post(
        reverse("admin:events_participant_add"),
        {"event": demo_event.pk, "person": person.pk, "role": "attendee", "spoke_as": "", "order": 99},
    )
    assert response.status_code == 302
    assert demo_event.participants.filter(person=person, role="attendee").exists()

    page = page_text(client, demo_event)
    assert "Ada Lovelace" not in page and "Lovelace" not in page
    assert "Also present" in page
    assert "1 participant, name withheld." in page
    assert page.count('<div class="participant" id="participant-') == 23  # the named ones, as before


def test_a_quoted_speaker_who_is_not_public_is_quoted_without_name_or_credentials(client, demo_event):
    person = Person.objects.create(
        given_name="Hidden", family_name="Witness", description="survivor living in Ashraf 3", profile_is_public=False
    )
    participant = Participant.objects.create(
        event=demo_event, person=person, role="testimony", spoke_as="Former prisoner in Evin", order=50
    )
    Statement.objects.create(
        event=demo_event, participant=participant, text="I saw them taken away.", context="in testimony", order=50
    )
    page = page_text(client, demo_event)
    assert "“I saw them taken away.”" in page
    assert "A participant, in testimony" in page
    for detail in ("Hidden", "Witness", "Evin", "Ashraf"):
        assert detail not in page


def test_a_chair_who_is_not_public_is_not_named_in_the_header(client, demo_event):
    Person.objects.filter(participations__event=demo_event, participations__role="chair").update(
        profile_is_public=False
    )
    ParliamentaryRole.objects.filter(person__family_name="Jones").delete()
    page = page_text(client, demo_event)
    assert 'Chaired by</dt><dd class="col-sm-10">a participant (name withheld)</dd>' in page
    assert "<h4>Rt Hon David Jones MP</h4>" not in page
    assert "<footer>A participant, summarising the speakers' recommendations</footer>" in page
    # (Another speaker's quote is introduced by staff as "reiterating the recommendations raised by the
    # Rt Hon David Jones MP": what staff write in a text is theirs to word.)


def test_parliamentarians_are_named_even_without_a_public_profile(client, demo_event):
    commons = Legislature.objects.get(slug="house-of-commons")
    person = Person.objects.create(given_name="Jo", family_name="Member", post_nominals="MP", profile_is_public=False)
    ParliamentaryRole.objects.create(person=person, legislature=commons, constituency="Somewhere")
    Participant.objects.create(event=demo_event, person=person, role="attendee", order=60)
    page = page_text(client, demo_event)
    assert "Jo Member MP" in page
    assert "withheld" not in page


# Every kind of participant: witnesses whose names are withheld, organisations, and people quoted
# who were not there.


def test_a_witness_entered_with_the_name_withheld_is_no_person_anywhere(client, editor_client, demo_event):
    people_before = Person.objects.count()
    response = editor_client.post(
        reverse("admin:events_participant_add"),
        {
            "event": demo_event.pk,
            "role": "testimony",
            "withheld_as_en_gb": "A former political prisoner",
            "withheld_as_fa": "یک زندانی سیاسی سابق",
            "order": 70,
        },
    )
    assert response.status_code == 302
    assert Person.objects.count() == people_before
    witness = demo_event.participants.get(role="testimony", person=None)
    Statement.objects.create(
        event=demo_event,
        participant=witness,
        text="My brother was executed in 1988.",
        context="in testimony",
        # An article or a post usually names who said it: a withheld witness's quote shows neither.
        said_where="at a vigil in Berlin",
        source_url="https://example.org/her-story",
        order=70,
    )

    page = page_text(client, demo_event)
    assert "<h4>A former political prisoner (name withheld)</h4>" in page
    assert "<footer>A former political prisoner, in testimony</footer>" in page
    assert "her-story" not in page and "vigil in Berlin" not in page
    assert page.count('<div class="participant" id="participant-') == 23
    persian = html.unescape(client.get(f"/fa{demo_event.get_absolute_url()}").content.decode())
    assert "یک زندانی سیاسی سابق" in persian

    found = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "participant", "field_name": "person", "term": "prisoner"},
    )
    assert found.json()["results"] == []
    people_list = editor_client.get(reverse("admin:people_person_changelist"), {"q": "prisoner"})
    assert people_list.context["cl"].result_count == 0


def test_a_participant_is_someone(editor_client, demo_event):
    response = editor_client.post(
        reverse("admin:events_participant_add"), {"event": demo_event.pk, "role": "testimony", "order": 71}
    )
    assert response.status_code == 200
    assert "describe the participant in general terms" in response.content.decode()


def test_an_organisation_takes_part_as_such(client, editor_client, demo_event):
    bar = Organisation.objects.create(name="Bar Human Rights Committee", slug="bhrc")
    response = editor_client.post(
        reverse("admin:events_participant_add"),
        {"event": demo_event.pk, "organisation": bar.pk, "role": "speaker", "order": 72},
    )
    assert response.status_code == 302
    page = page_text(client, demo_event)
    assert "<h4><bdi>Bar Human Rights Committee</bdi></h4>" in page
    assert page.count('<div class="participant" id="participant-') == 24


def test_words_quoted_from_someone_not_present_say_where_when_and_whence(client, demo_event):
    ambassador = Person.objects.create(
        honorific="HE", given_name="Jane", family_name="Envoy", description="ambassador", profile_is_public=True
    )
    quoted = Participant.objects.create(event=demo_event, person=ambassador, role="quoted", order=80)
    Statement.objects.create(
        event=demo_event,
        participant=quoted,
        text="The perpetrators must be held to account.",
        said_where="at the UN Human Rights Council in Geneva",
        said_on=datetime.date(2020, 3, 3),
        source_url="https://example.org/statement",
        order=80,
    )
    page = page_text(client, demo_event)
    assert "Also quoted" in page
    assert "“The perpetrators must be held to account.”" in page
    assert (
        "<footer><bdi>HE Jane Envoy</bdi>, <bdi>at the UN Human Rights Council in Geneva</bdi>, "
        '<time datetime="2020-03-03">3 March 2020</time> '
        '<a class="statement-source" href="https://example.org/statement" rel="noopener">(source)</a></footer>'
    ) in page
    assert page.count('<blockquote class="statement">') == 13


def test_a_person_and_an_organisation_at_once_is_refused(demo_event):
    bar = Organisation.objects.create(name="A Law Society", slug="a-law-society")
    participant = Participant(event=demo_event, person=Person.objects.first(), organisation=bar, role="speaker")
    with pytest.raises(ValidationError):
        participant.full_clean()
    with pytest.raises(IntegrityError):
        participant.save()
