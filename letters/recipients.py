"""Who a letter of a campaign goes to: the writer's MP (found by postcode or picked by constituency),
one of the people staff chose, or a public office.

A recipient is named in the page's address by a key: the constituency's ONS code for an MP (one
of 650 constituencies says little about a writer, unlike their postcode), the person's public id
for a chosen person, "office" for an office.
"""

import uuid
from dataclasses import dataclass

from constituencies.models import Constituency
from constituencies.services import current_mp
from people.models import Person

from .models import LetterCampaign

OFFICE_KEY = "office"


@dataclass
class Recipient:
    key: str
    name: str  # as the writer reads it: "Jane Smith MP", "The Foreign Secretary"
    email: str = ""
    person: Person | None = None
    party: str = ""
    constituency: Constituency | None = None
    # Why a letter cannot be sent to them from here: "" (it can), VACANT or NO_EMAIL.
    problem: str = ""
    salutation: str = ""

    VACANT = "vacant"
    NO_EMAIL = "no_email"

    @property
    def can_be_sent_to(self):
        return not self.problem

    @property
    def constituency_name(self):
        return self.constituency.name if self.constituency else ""


def recipient_for_constituency(constituency):
    role = current_mp(constituency)
    if role is None:
        return Recipient(key=constituency.ons_code, name="", constituency=constituency, problem=Recipient.VACANT)
    person = role.person
    return Recipient(
        key=constituency.ons_code,
        name=person.full_name,
        email=person.email or "",
        person=person,
        party=role.party.name if role.party_id else "",
        constituency=constituency,
        problem="" if person.email else Recipient.NO_EMAIL,
        salutation=person.formal_salutation(),
    )


def recipient_for_person(person):
    return Recipient(
        key=person.public_id.hex,
        name=person.full_name,
        email=person.email or "",
        person=person,
        problem="" if person.email else Recipient.NO_EMAIL,
        salutation=person.formal_salutation(),
    )


def recipient_for_key(campaign, key):
    """The recipient that `key` names in `campaign`, or None when it names none of its recipients."""
    if campaign.recipients == LetterCampaign.Recipients.CURRENT_MPS:
        constituency = Constituency.objects.filter(ons_code=key).first()
        return recipient_for_constituency(constituency) if constituency else None
    if campaign.recipients == LetterCampaign.Recipients.CHOSEN_PEOPLE:
        try:
            public_id = uuid.UUID(hex=key)
        except ValueError:
            return None
        person = campaign.chosen_recipients.filter(public_id=public_id).first()
        return recipient_for_person(person) if person else None
    if key != OFFICE_KEY:
        return None
    return Recipient(
        key=OFFICE_KEY,
        name=campaign.office_name,
        email=campaign.office_email,
        problem="" if campaign.office_email else Recipient.NO_EMAIL,
    )


def chosen_recipients(campaign):
    return [recipient_for_person(person) for person in campaign.chosen_recipients.order_by("family_name")]
