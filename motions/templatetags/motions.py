"""`{% load motions %}{% event_motions event %}`: the motions and statements an event page shows
(one query)."""

from django import template

from ..services import motions_for_event

register = template.Library()


@register.inclusion_tag("motions/_event_motions.html")
def event_motions(event):
    motions = motions_for_event(event)
    for motion in motions:
        motion.total = motion.total_with(motion.named_count)
    return {"motions": motions}
