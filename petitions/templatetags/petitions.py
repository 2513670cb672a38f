"""Petitions on other apps' pages: an event's page lists the petitions its recommendations led to,
without the events app knowing about petitions."""

from django import template
from django.db.models import Case, When

from petitions.models import Petition

register = template.Library()


@register.simple_tag
def event_petitions(event):
    """Published petitions built on recommendations made at `event`, open ones first, with counts."""
    return (
        Petition.objects.published()
        .filter(recommendations__made_at=event)
        .distinct()
        .with_signature_count()
        .select_related("addressed_to")
        .order_by(Case(When(status=Petition.Status.OPEN, then=0), default=1), "-opened_at", "-id")
    )
