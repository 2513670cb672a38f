from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from people.models import Affiliation, Office, ParliamentaryRole
from recommendations.models import addressee_prefetches

from .credentials import attach_credentials
from .models import Event, Participant, Statement


def participants_with_credentials():
    """Participants with what their credentials are made of (events/credentials.py) and their
    statements, prefetched: for an event's page, its press release and the API."""
    return Participant.objects.select_related("person", "organisation").prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("order", "id")),
        Prefetch(
            "person__parliamentary_roles",
            queryset=ParliamentaryRole.objects.select_related("legislature", "party"),
        ),
        Prefetch("person__offices", queryset=Office.objects.select_related("legislature", "organisation")),
        Prefetch("person__affiliations", queryset=Affiliation.objects.select_related("organisation")),
    )


def event_page_queryset():
    """Published events with everything their page shows, in a fixed number of queries."""
    participants = participants_with_credentials()
    return (
        Event.objects.published()
        .select_related("organiser", "campaign")
        .prefetch_related(
            Prefetch("participants", queryset=participants),
            *addressee_prefetches("recommendations__"),
        )
    )


# What an event page says that depends on its kind: the heading of who took part.
KIND_WORDING = {
    Event.Kind.CONFERENCE: _("Who took part"),
    Event.Kind.PRESS_CONFERENCE: _("Who spoke to the press"),
    Event.Kind.BRIEFING: _("Who gave the briefing"),
    Event.Kind.MEETING: _("Who took part"),
    Event.Kind.EXHIBITION: _("Who took part in the exhibition"),
    Event.Kind.VIGIL: _("Who stood at the vigil"),
    Event.Kind.RALLY: _("Who spoke at the rally"),
}


def who_took_part_heading(event):
    return KIND_WORDING.get(event.kind, KIND_WORDING[Event.Kind.CONFERENCE])


# The order in which an event page presents its participants, with a heading for each group.
ROLE_HEADINGS = [
    (Participant.Role.CHAIR, _("Chair"), _("Chairs")),
    (Participant.Role.MESSAGE, _("Message to the event"), _("Messages to the event")),
    (Participant.Role.SPEAKER, _("Speaker"), _("Speakers")),
    (Participant.Role.PANELLIST, _("Panellist"), _("Panellists")),
    (Participant.Role.TESTIMONY, _("Testimony"), _("Testimonies")),
    (Participant.Role.ATTENDEE, _("Also present"), _("Also present")),
    (Participant.Role.QUOTED, _("Also quoted"), _("Also quoted")),
]


def participants_by_role(event):
    """[(heading, [participant, …], withheld), …] in programme order, from the prefetched participants,
    each with its credentials as on the day of the event read in one query (events/credentials.py).

    Only people who may be named in public (Person.is_named_in_public) are named, whatever their
    role: a signer an editor adds as an attendee never agreed to be. Someone withheld who is quoted
    is listed as a participant whose name is withheld, with the quotes; the others are only counted
    (`withheld`).
    """
    attach_credentials(event, event.participants.all())
    groups = []
    for role, singular, plural in ROLE_HEADINGS:
        members = [p for p in event.participants.all() if p.role == role]
        if members:
            # Witnesses entered with their name withheld are listed as such; a person without a public
            # profile only when quoted.
            listed = [p for p in members if p.credentials().is_named or not p.person_id or p.statements.all()]
            groups.append((singular if len(members) == 1 else plural, listed, len(members) - len(listed)))
    return groups
