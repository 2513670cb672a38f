"""Public pages name only people whose profile is public, or parliamentarians: whatever role an
editor gives someone at an event, a signer who never agreed to be public is not named."""

import html

import pytest
from django.urls import reverse

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
