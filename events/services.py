from django.db.models import Prefetch

from people.models import Affiliation, Office, ParliamentaryRole

from .models import Event, Participant, Statement


def event_page_queryset():
    """Published events with everything their page shows, in a fixed number of queries."""
    participants = Participant.objects.select_related("person").prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("order", "id")),
        Prefetch(
            "person__parliamentary_roles",
            queryset=ParliamentaryRole.objects.select_related("legislature", "party"),
        ),
        Prefetch("person__offices", queryset=Office.objects.select_related("legislature", "organisation")),
        Prefetch("person__affiliations", queryset=Affiliation.objects.select_related("organisation")),
    )
    return (
        Event.objects.published()
        .select_related("organiser", "campaign")
        .prefetch_related(
            Prefetch("participants", queryset=participants),
            "recommendations__addressed_to",
        )
    )
