"""An event's page prints its participants as they were on the day: later changes to a person (a
seat closed, an office taken, a peerage) never change an older event's page, while changes made
before an event still reach it."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError

from campaign.models import Organisation
from events.models import Event, Participant
from people.models import Office, ParliamentaryRole, Person

pytestmark = pytest.mark.django_db


def page_text(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(re.sub(r"</?bdi>", "", response.content.decode()))


def jones():
    return Person.objects.get(given_name="David", family_name="Jones")


def test_closing_a_seat_and_a_peerage_after_the_event_leave_its_page_as_it_was(client, demo_event):
    before = page_text(client, demo_event)
    assert "MP (Conservative Party) for Clwyd West" in before

    person = jones()
    seat = person.parliamentary_roles.get()
    seat.is_current, seat.ended_on = False, datetime.date(2024, 5, 30)
    seat.full_clean()
    seat.save()
    person.honorific, person.post_nominals, person.territorial_designation = "Lord", "", "of Clwyd"
    person.save()

    after = page_text(client, demo_event)
    assert "<h4>Rt Hon David Jones MP</h4>" in after
    assert "MP (Conservative Party) for Clwyd West" in after
    assert "Former MP (Conservative Party)" not in after and "Lord Jones" not in after
    assert "Chaired by" in after and "Rt Hon David Jones MP" in after


def test_a_seat_closed_before_the_event_is_printed_as_former(client, demo_event):
    ParliamentaryRole.objects.filter(person=jones()).update(is_current=False, ended_on=datetime.date(2019, 11, 6))
    assert "Former MP (Conservative Party) for Clwyd West" in page_text(client, demo_event)


def test_an_office_is_credited_only_if_held_on_the_day(client, demo_event):
    person = Person.objects.get(family_name="Brimelow")
    bar = Organisation.objects.create(name="Bar Human Rights Committee", slug="bhrc")
    Office.objects.create(person=person, title="Chair", organisation=bar, started_on=datetime.date(2021, 1, 1))
    Office.objects.create(
        person=person,
        title="Rapporteur",
        organisation=bar,
        is_current=False,
        started_on=datetime.date(2018, 1, 1),
        ended_on=datetime.date(2022, 1, 1),
    )
    Office.objects.create(
        person=person,
        title="Treasurer",
        organisation=bar,
        is_current=False,
        started_on=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2017, 1, 1),
    )
    page = page_text(client, demo_event)
    assert "Chair, Bar Human Rights Committee" not in page  # taken a year after the event
    assert "Rapporteur, Bar Human Rights Committee" in page  # held then, ended since
    assert "Former Rapporteur" not in page
    assert "Former Treasurer, Bar Human Rights Committee" in page  # had ended before


def test_changes_made_before_an_upcoming_event_reach_its_page(client, demo_event):
    upcoming = Event.objects.create(
        campaign=demo_event.campaign,
        title="Briefing",
        slug="briefing",
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10),
        organiser=demo_event.organiser,
        venue="Portcullis House",
        summary="A briefing.",
        status=Event.Status.PUBLISHED,
    )
    Participant.objects.create(event=upcoming, person=jones(), role="speaker")
    person = jones()
    person.honorific, person.post_nominals = "Rt Hon Sir", "MP KC"
    person.save()
    Office.objects.create(person=person, title="Chair of the Welsh Affairs Committee")

    page = page_text(client, upcoming)
    assert "Rt Hon Sir David Jones MP KC" in page
    assert "Chair of the Welsh Affairs Committee" in page
    assert "Rt Hon Sir David Jones MP KC" not in page_text(client, demo_event)


def test_staff_can_fix_the_name_and_credentials_as_printed(client, demo_event):
    Participant.objects.filter(event=demo_event, person__family_name="Brimelow").update(
        name_as_printed="Kirsty Brimelow KC",
        credentials_as_printed="Chair of the Bar Human Rights Committee\nBarrister",
    )
    page = page_text(client, demo_event)
    assert "<h4>Kirsty Brimelow KC</h4>" in page
    assert "Chair of the Bar Human Rights Committee" in page and "Barrister" in page


def test_marking_a_current_seat_ended_needs_the_date_it_ended(demo_event):
    seat = jones().parliamentary_roles.get()
    seat.is_current = False
    with pytest.raises(ValidationError) as raised:
        seat.full_clean()
    assert "ended_on" in raised.value.message_dict
    office = Office.objects.create(person=jones(), title="Minister", started_on=datetime.date(2020, 1, 1))
    office.ended_on = datetime.date(2021, 1, 1)
    with pytest.raises(ValidationError):
        office.full_clean()  # still ticked as current


def test_credentials_give_the_press_release_what_it_needs(demo_event):
    participant = demo_event.participants.get(person__family_name="Jones", role="chair")
    credentials = participant.credentials()
    assert credentials.name == "Rt Hon David Jones MP"
    assert credentials.honorific == "Rt Hon" and credentials.post_nominals == "MP"
    assert [seat.constituency for seat in credentials.seats] == ["Clwyd West"]
    assert credentials.is_named
