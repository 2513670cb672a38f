"""What pages read of motions, and the one rule staff rely on when they save one."""

from django.db import transaction
from django.db.models import Count, Prefetch, Q

from events.models import Event
from people.models import ParliamentaryRole
from petitions.models import Petition
from recommendations.models import Recommendation, addressee_prefetches

from .models import Motion, Signatory


def motion_page_queryset():
    """Published motions with everything their page shows, in a fixed number of queries."""
    signatories = Signatory.objects.select_related("person").prefetch_related(
        Prefetch("person__parliamentary_roles", queryset=ParliamentaryRole.objects.all())
    )
    return (
        Motion.objects.published()
        .select_related("house", "campaign", "primary_sponsor")
        .prefetch_related(
            Prefetch("primary_sponsor__parliamentary_roles", queryset=ParliamentaryRole.objects.all()),
            Prefetch("signatories", queryset=signatories),
            Prefetch("events", queryset=motion_events()),
            Prefetch("recommendations", queryset=Recommendation.objects.prefetch_related(*addressee_prefetches())),
            Prefetch("petitions", queryset=motion_petitions()),
        )
    )


def motion_events():
    return Event.objects.published().order_by("-starts_at")


def motion_petitions():
    return Petition.objects.published()


def motions_for_event(event):
    """An event's published motions for its page, each with `named_count` (signatories who have not
    withdrawn): one query, whatever the number of motions or signatories."""
    return list(
        Motion.objects.published()
        .filter(events=event)
        .select_related("house")
        .annotate(named_count=Count("signatories", filter=Q(signatories__has_withdrawn=False)))
    )


def motion_list_primary_sponsor(*, motion_id):
    """The primary sponsor is a signatory too, a sponsor first in the list, signed on the day it was
    tabled, so that counts need no special case. Adds the row if missing; marks an existing row as
    a sponsor's. Safe to run twice."""
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion_id)
        if motion.primary_sponsor_id is None:
            return
        signatory, created = Signatory.objects.get_or_create(
            motion=motion,
            person_id=motion.primary_sponsor_id,
            defaults={"is_sponsor": True, "signed_on": motion.tabled_on, "order": 0},
        )
        if not created and not signatory.is_sponsor:
            Signatory.objects.filter(pk=signatory.pk).update(is_sponsor=True)
