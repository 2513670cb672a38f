"""`{% load registrations %}`: the registration panel an event page includes, and the event's time
as registrants read it."""

from django import template
from django.utils import timezone

from .. import dates
from ..forms import RegistrationForm
from ..models import EventRegistration

register = template.Library()


@register.filter
def event_when(event):
    return dates.event_when(event)


@register.filter
def closing_when(registration):
    return dates.closing_when(registration)


@register.inclusion_tag("registrations/_panel.html", takes_context=True)
def registration_panel(context, event):
    """The registration form on an event's page while registration is open; a line saying it is
    closed for an upcoming event that took registrations; nothing otherwise. One or two queries."""
    from ..views import places_left

    registration = EventRegistration.objects.filter(event=event).first()
    panel = {"event": event, "registration": registration, "csrf_token": context.get("csrf_token")}
    if registration is None:
        return panel
    if registration.is_taking_registrations():
        panel.update(is_open=True, form=RegistrationForm(registration=registration))
        panel["places_left"] = places_left(registration)
    else:
        panel["is_upcoming"] = timezone.now() < event.starts_at
    return panel
