"""Registration for events: who may come, who is coming, who waits for a place, and who came.

An event takes registrations once staff give it an `EventRegistration` (open or closed, how many
places, when registration closes, the join link of an online event). Each person who registers is
a `Registrant`: pending until they confirm by the link mailed to them, then holding a place
(confirmed) or waiting for one, in the order they confirmed. Unconfirmed registrants hold no place
and are deleted once their link has expired; a place freed by a cancellation goes to the first on
the waiting list (registrations/services.py).

A registrant's name, address, organisation, name as on photo ID and accessibility needs are the
guest list: personal data, seen only by staff holding the personal-data permission, and erased
REGISTRATION_KEEP_DAYS after the event (the rows stay, so the counts do).
"""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.validators import validate_single_line
from events.models import Event
from people.models import Person


class EventRegistration(models.Model):
    """An event's registration: whether it is open, its places, and what registrants are asked."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="registration", verbose_name=_("event"))
    is_open = models.BooleanField(
        _("registration is open"), default=False, help_text=_("Untick to stop taking registrations.")
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty for no limit. Confirmed registrants hold the places; the others wait in turn."),
    )
    closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    asks_organisation = models.BooleanField(_("ask for an organisation"), default=True)
    asks_accessibility = models.BooleanField(_("ask about accessibility needs"), default=True)
    asks_name_on_id = models.BooleanField(
        _("ask for the name as on photo ID"),
        default=True,
        help_text=_("For the venue’s security desk; asked only when people come in person."),
    )
    join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_(
            "Online events: sent by email to confirmed registrants only, and never shown on a public page. "
            "Do not put it in the event’s own online link, which is public."
        ),
    )
    join_link_minutes_before = models.PositiveIntegerField(
        _("send the join link (minutes before the start)"), default=60
    )
    recording_url = models.URLField(
        _("recording"), blank=True, help_text=_("Sent with the follow-up after the event, once you add it.")
    )
    follow_up_sent_at = models.DateTimeField(_("follow-up sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["-event__starts_at"]
        permissions = [("check_in_registrant", _("Can check registrants in at the door"))]

    def __str__(self):
        return str(self.event)

    def get_absolute_url(self):
        return reverse("registrations:register", args=[self.event.slug])

    def clean(self):
        if self.join_url and self.event_id and self.join_url == self.event.online_url:
            raise ValidationError(
                {"join_url": _("This link is also the event’s public online link: give the public page another one.")}
            )

    @property
    def closing_time(self):
        return self.closes_at or self.event.starts_at

    def is_taking_registrations(self, now=None):
        now = now or timezone.now()
        return (
            self.is_open
            and self.event.status == Event.Status.PUBLISHED
            and now < self.closing_time
            and now < self.event.starts_at
        )

    @property
    def meets_in_person(self):
        return self.event.format in (Event.Format.IN_PERSON, Event.Format.HYBRID)

    @property
    def meets_online(self):
        return self.event.format in (Event.Format.VIRTUAL, Event.Format.HYBRID)

    @property
    def wants_name_on_id(self):
        return self.asks_name_on_id and self.meets_in_person

    @property
    def join_link_due_at(self):
        return self.event.starts_at - timedelta(minutes=self.join_link_minutes_before)

    @property
    def ends_at(self):
        """When the event is over: its end, or a day after a start with no end given."""
        return self.event.ends_at or self.event.starts_at + timedelta(days=1)


class RegistrantQuerySet(models.QuerySet):
    def holding_places(self):
        return self.filter(status=Registrant.Status.CONFIRMED)

    def waiting_in_turn(self):
        return self.filter(status=Registrant.Status.WAITING).order_by("waiting_since", "id")


class Registrant(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not yet confirmed")
        CONFIRMED = "confirmed", _("Confirmed, holds a place")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrants", verbose_name=_("event"))
    # Names the registrant in links sent by mail, so that no link reveals a row id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    email = models.EmailField(_("email address"), max_length=254, null=True, blank=True)
    email_normalised = models.CharField(max_length=254, null=True, blank=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    name_on_id = models.CharField(_("name as on photo ID"), max_length=100, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=500, blank=True)
    wants_email = models.BooleanField(_("agreed to campaign email"), default=False)
    consent_wording = models.TextField(blank=True, help_text=_("What they were shown when they agreed."))
    language = models.CharField(_("language"), max_length=10, blank=True, help_text=_("The language they read."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True, help_text=_("Their turn on the waiting list."))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    confirmation_mails_sent = models.PositiveSmallIntegerField(default=0)
    names_erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("registrant")
        verbose_name_plural = _("registrants")
        ordering = ["created_at", "id"]
        constraints = [
            # One registration per person and event; walk-ins without an address and erased rows have none.
            models.UniqueConstraint(
                fields=["event", "email_normalised"],
                condition=Q(email_normalised__isnull=False),
                name="registrant_once_per_event",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False), name="registrant_waiting_has_turn"
            ),
        ]
        indexes = [
            # Counts per event and status (places taken, the admin's figures): WHERE event_id = … AND status = ….
            models.Index(fields=["event", "status"], name="registrant_event_status_idx"),
            # The waiting list in turn: WHERE event_id = … AND status = 'waiting' ORDER BY waiting_since, id.
            models.Index(
                fields=["event", "waiting_since", "id"], condition=Q(status="waiting"), name="registrant_waiting_idx"
            ),
            # The nightly purge of unconfirmed registrants: WHERE status = 'pending' AND created_at < ….
            models.Index(fields=["created_at"], condition=Q(status="pending"), name="registrant_pending_age_idx"),
        ]

    def __str__(self):
        # No name or address: this shows in admin messages and logs.
        return f"{_('Registrant')} {self.public_id.hex[:8]}"
