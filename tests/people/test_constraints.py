"""The rules the database itself enforces, checked on PostgreSQL."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from campaign.models import Campaign, Organisation
from events.models import Event, Participant
from people.models import Legislature, ParliamentaryRole, Person
from petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_one_person_per_email_address_whatever_its_case():
    Person.objects.create(family_name="Gale", email="roger.gale@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(family_name="Gale", email="Roger.Gale@Example.org")


def test_people_without_an_email_address_do_not_collide():
    Person.objects.create(family_name="Perry", email="")
    Person.objects.create(family_name="Higgins", email=None)
    assert Person.objects.filter(email__isnull=True).count() == 2


def test_a_person_needs_a_family_name():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(family_name="")


def test_a_current_seat_has_no_end_date():
    person = Person.objects.create(family_name="Vickers")
    commons = Legislature.objects.create(name="House of Commons", slug="commons", kind="lower")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParliamentaryRole.objects.create(
            person=person, legislature=commons, is_current=True, ended_on=datetime.date(2024, 5, 30)
        )


def test_a_seat_cannot_end_before_it_starts():
    person = Person.objects.create(family_name="Meale")
    commons = Legislature.objects.create(name="House of Commons", slug="commons", kind="lower")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParliamentaryRole.objects.create(
            person=person,
            legislature=commons,
            is_current=False,
            started_on=datetime.date(1987, 6, 11),
            ended_on=datetime.date(1980, 1, 1),
        )


@pytest.fixture
def campaign():
    organisation = Organisation.objects.create(name="Org", slug="org", kind="campaign")
    return Campaign.objects.create(name="Cause", slug="cause", organisation=organisation, summary="…")


def test_an_event_cannot_end_before_it_starts(campaign):
    start = datetime.datetime(2020, 9, 10, 14, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            campaign=campaign,
            title="T",
            slug="t",
            organiser=campaign.organisation,
            summary="s",
            starts_at=start,
            ends_at=start - datetime.timedelta(hours=1),
        )


def test_a_person_takes_each_role_once_per_event(campaign):
    event = Event.objects.create(
        campaign=campaign,
        title="T",
        slug="t",
        organiser=campaign.organisation,
        summary="s",
        starts_at=datetime.datetime(2020, 9, 10, tzinfo=datetime.UTC),
    )
    person = Person.objects.create(family_name="Jones")
    Participant.objects.create(event=event, person=person, role="chair")
    Participant.objects.create(event=event, person=person, role="speaker")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(event=event, person=person, role="chair")


def test_only_one_organisation_runs_the_site():
    Organisation.objects.create(name="A", slug="a", runs_this_site=True)
    Organisation.objects.create(name="B", slug="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="C", slug="c", runs_this_site=True)


def test_a_petition_needs_a_positive_goal(campaign):
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.create(
            campaign=campaign, title="P", slug="p", addressed_to=campaign.organisation, text="t", signature_goal=0
        )
