"""Email outreach: audiences, mailings and one delivery row per recipient.

The database is the source of truth for what is due and what was sent; Celery tasks only say
"there may be work", so a lost task delays a mailing but never loses or repeats a recipient.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from campaign.models import Campaign
from campaign.validators import validate_single_line
from events.models import Event
from outbox.models import OutgoingMail, OutgoingMailQuerySet
from people.models import Legislature, Party, Tag
from petitions.models import Petition

from .audiences import Criteria, audience_reach
from .merge import validate_merge_fields

# The outbox kind of a mailing's message to one recipient (built in outreach/mail.py).
MAILING_MAIL = "mailing"
# The outbox kind of the link that puts an unsubscribed person back on the list.
RESUBSCRIBE_MAIL = "resubscribe_confirmation"


class Audience(models.Model):
    """Who a mailing goes to. Within one criterion any choice matches; across criteria all must."""

    class Kind(models.TextChoices):
        SUPPORTERS = "supporters", "Supporters who subscribed"
        PARLIAMENTARIANS = "parliamentarians", "Parliamentarians"
        REGISTRANTS = "registrants", _("Registrants of events")

    class Attendance(models.TextChoices):
        REGISTERED = "registered", _("Registered (confirmed or waiting)")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Held a place but did not attend")

    class Standing(models.TextChoices):
        ANY = "any", "Current or former"
        CURRENT = "current", "Current only"
        FORMER = "former", "Former only"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUPPORTERS)
    # Supporters
    signed_petitions = models.ManyToManyField(
        Petition, blank=True, related_name="+", help_text="Supporters who signed (and confirmed) any of these."
    )
    took_part_in = models.ManyToManyField(
        Event, blank=True, related_name="+", help_text="People who attended or spoke at any of these events."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    countries = CountryField(multiple=True, blank=True)
    # Parliamentarians
    legislatures = models.ManyToManyField(Legislature, blank=True, related_name="+")
    parties = models.ManyToManyField(Party, blank=True, related_name="+")
    standing = models.CharField(max_length=10, choices=Standing.choices, default=Standing.CURRENT)
    # Registrants: mail about an event they asked to come to needs no campaign consent (opt-outs still hold).
    registered_for = models.ManyToManyField(
        Event,
        blank=True,
        related_name="+",
        verbose_name=_("registered for"),
        help_text=_("Registrants of any of these events, as long as their names are kept (REGISTRATION_KEEP_DAYS)."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.REGISTERED
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def people(self):
        """The people this audience reaches now: with an address, and never anyone who opted out."""
        return Criteria.from_audience(self).people()

    def reach(self):
        """How many it reaches, and how many it leaves out and why (outreach/audiences.py)."""
        return audience_reach(Criteria.from_audience(self))


class MailingQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=Mailing.Status.SCHEDULED, send_at__lte=now)


class Mailing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        PAUSED = "paused", "Paused"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="mailings")
    name = models.CharField(max_length=200, help_text="For staff: 'September conference report to MPs'.")
    audience = models.ForeignKey(Audience, on_delete=models.PROTECT, related_name="mailings")
    subject = models.CharField(max_length=200, validators=[validate_single_line])
    body_text = models.TextField(
        help_text="Plain text with merge fields such as {{ salutation }}, {{ first_name }}, {{ event_url }}, "
        "{{ petition_url }}, {{ unsubscribe_url }}, {{ upcoming_events }}, {{ open_petitions }}."
    )
    body_html = models.TextField(
        blank=True, help_text="Optional HTML version with the same merge fields; left empty, it is made from the text."
    )
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="mailings")
    petition = models.ForeignKey(Petition, on_delete=models.SET_NULL, null=True, blank=True, related_name="mailings")
    from_name = models.CharField(max_length=100, validators=[validate_single_line])
    from_email = models.EmailField()
    reply_to = models.EmailField(blank=True)
    send_at = models.DateTimeField(null=True, blank=True, help_text="When to send, once scheduled.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    status_note = models.CharField(max_length=255, blank=True, help_text="Why it paused, for instance.")
    recurrence = models.ForeignKey(
        "outreach.RecurringMailing", on_delete=models.SET_NULL, null=True, blank=True, related_name="occurrences"
    )
    occurrence_key = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = MailingQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("send_mailing", "Can schedule, pause, resume, cancel and test-send mailings")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(send_at__isnull=False), name="mailing_scheduled_has_time"
            ),
            models.UniqueConstraint(
                fields=["recurrence", "occurrence_key"],
                condition=Q(recurrence__isnull=False),
                name="mailing_one_per_occurrence",
            ),
        ]
        indexes = [models.Index(fields=["status", "send_at"], name="mailing_status_send_at_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        for field in ("subject", "body_text", "body_html"):
            try:
                validate_merge_fields(getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)

    @property
    def is_supporter_mail(self):
        return self.audience.kind == Audience.Kind.SUPPORTERS

    @property
    def deliveries(self):
        """Its messages in the outbox, one per recipient."""
        return Delivery.objects.of(self)


class DeliveryQuerySet(OutgoingMailQuerySet):
    def of(self, mailing):
        return self.filter(about_id=mailing.pk)


class DeliveryManager(models.Manager.from_queryset(DeliveryQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=MAILING_MAIL)


class Delivery(OutgoingMail):
    """One mailing to one person: its row in the outbox (kind "mailing", about the mailing), seen
    from outreach. Claimed, sent, retried or given up by the outbox like every other mail."""

    objects = DeliveryManager()

    class Meta:
        proxy = True
        verbose_name = "delivery"
        verbose_name_plural = "deliveries"
        ordering = ["id"]


class MailingUnsubscribe(models.Model):
    """Someone unsubscribed through a link in this mailing: counted for its report, with no
    reference to who (their consent record says that, and goes with them when they are erased)."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="unsubscribes")
    unsubscribed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["mailing", "unsubscribed_at"], name="mailing_unsubscribe_idx")]

    def __str__(self):
        return f"{self.mailing}: {self.unsubscribed_at:%Y-%m-%d %H:%M}"


class RecurringMailing(models.Model):
    """A mailing sent again on a schedule (a weekly digest): each time its moment comes, a copy of
    `template` is scheduled for then. Staff say when in words ("every Monday at 09:00", "on the
    first day of the month"); a service keeps the django-celery-beat entry that fires it, in the
    organisation's time zone (outreach.services.recurring_mailing_save_schedule)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")

    class Weekday(models.IntegerChoices):
        # Numbered as cron numbers them: Sunday is 0.
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 0, _("Sunday")

    name = models.CharField(max_length=200, unique=True)
    template = models.ForeignKey(Mailing, on_delete=models.PROTECT, related_name="recurring_uses")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY, help_text=_("For a weekly mailing.")
    )
    day_of_month = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("For a monthly mailing: 1 to 28, so that every month has it."),
    )
    time_of_day = models.TimeField(default=datetime.time(9, 0), help_text=_("In the organisation's time zone."))
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    crontab = models.ForeignKey(
        "django_celery_beat.CrontabSchedule", on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.name

    def describe_schedule(self):
        """ "every Monday at 09:00", "on day 1 of every month at 09:00", "every day at 07:30"."""
        time = self.time_of_day.strftime("%H:%M")
        if self.frequency == self.Frequency.DAILY:
            return _("every day at %(time)s") % {"time": time}
        if self.frequency == self.Frequency.WEEKLY:
            return _("every %(weekday)s at %(time)s") % {"weekday": self.get_weekday_display(), "time": time}
        return _("on day %(day)s of every month at %(time)s") % {"day": self.day_of_month, "time": time}

    def crontab_fields(self):
        """The django-celery-beat CrontabSchedule fields for this schedule."""
        fields = {"minute": str(self.time_of_day.minute), "hour": str(self.time_of_day.hour)}
        fields["day_of_week"] = str(self.weekday) if self.frequency == self.Frequency.WEEKLY else "*"
        fields["day_of_month"] = str(self.day_of_month) if self.frequency == self.Frequency.MONTHLY else "*"
        fields["month_of_year"] = "*"
        return fields
