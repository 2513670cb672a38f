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
from modeltranslation.utils import build_localized_fieldname, get_translation_fields, resolution_order

from campaign.models import Campaign
from campaign.validators import validate_single_line
from events.models import Event
from outbox.models import OutgoingMail, OutgoingMailQuerySet
from people.models import Legislature, Party, Person, Tag
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
        SUPPORTERS = "supporters", _("Supporters who subscribed")
        PARLIAMENTARIANS = "parliamentarians", _("Parliamentarians")
        REGISTRANTS = "registrants", _("Registrants of events")

    class Attendance(models.TextChoices):
        REGISTERED = "registered", _("Registered (confirmed or waiting)")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Held a place but did not attend")

    class Standing(models.TextChoices):
        ANY = "any", _("Current or former")
        CURRENT = "current", _("Current only")
        FORMER = "former", _("Former only")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUPPORTERS, verbose_name=_("kind"))
    # Supporters
    signed_petitions = models.ManyToManyField(
        Petition,
        blank=True,
        related_name="+",
        help_text=_("Supporters who signed (and confirmed) any of these."),
        verbose_name=_("signed petitions"),
    )
    took_part_in = models.ManyToManyField(
        Event,
        blank=True,
        related_name="+",
        help_text=_("People who attended or spoke at any of these events."),
        verbose_name=_("took part in"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("tags"))
    countries = CountryField(multiple=True, blank=True, verbose_name=_("countries"))
    # Named people, for instance those a filter of the whip count found (lobbying/services.py).
    chosen_people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="+",
        help_text=_("Only these people, if any are chosen (the rules of mail still apply)."),
        verbose_name=_("chosen people"),
    )
    only_chosen_people = models.BooleanField(
        default=False,
        help_text=_("Reach the chosen people only: nobody once none of them is left (set for whip-count audiences)."),
        verbose_name=_("only the chosen people"),
    )
    # Parliamentarians
    legislatures = models.ManyToManyField(Legislature, blank=True, related_name="+", verbose_name=_("legislatures"))
    parties = models.ManyToManyField(Party, blank=True, related_name="+", verbose_name=_("parties"))
    standing = models.CharField(
        max_length=10, choices=Standing.choices, default=Standing.CURRENT, verbose_name=_("standing")
    )
    constituents_signed = models.ManyToManyField(
        Petition,
        blank=True,
        related_name="+",
        help_text=_(
            "Current MPs whose constituents signed any of these: a validated signature with a postcode in "
            "their constituency (needs the postcode directory loaded)."
        ),
        verbose_name=_("MPs whose constituents signed"),
    )
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
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
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
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="mailings", verbose_name=_("campaign")
    )
    name = models.CharField(
        max_length=200, help_text=_("For staff: 'September conference report to MPs'."), verbose_name=_("name")
    )
    audience = models.ForeignKey(
        Audience, on_delete=models.PROTECT, related_name="mailings", verbose_name=_("audience")
    )
    subject = models.CharField(max_length=200, validators=[validate_single_line], verbose_name=_("subject"))
    body_text = models.TextField(
        help_text=_(
            "Plain text with merge fields such as {{ salutation }}, {{ first_name }}, {{ event_url }}, "
            "{{ petition_url }}, {{ unsubscribe_url }}, {{ upcoming_events }}, {{ open_petitions }}. In Persian, "
            "{{ salutation }} is the whole form of address («جناب آقای …»): start with “{{ salutation }}،”."
        ),
        verbose_name=_("body text"),
    )
    body_html = models.TextField(
        blank=True,
        help_text=_("Optional HTML version with the same merge fields; left empty, it is made from the text."),
        verbose_name=_("body html"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="mailings", verbose_name=_("event")
    )
    petition = models.ForeignKey(
        Petition, on_delete=models.SET_NULL, null=True, blank=True, related_name="mailings", verbose_name=_("petition")
    )
    from_name = models.CharField(max_length=100, validators=[validate_single_line], verbose_name=_("from name"))
    from_email = models.EmailField(verbose_name=_("from email"))
    reply_to = models.EmailField(blank=True, verbose_name=_("reply to"))
    send_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When to send, once scheduled."), verbose_name=_("send at")
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    status_note = models.CharField(
        max_length=255, blank=True, help_text=_("Why it paused, for instance."), verbose_name=_("status note")
    )
    recurrence = models.ForeignKey(
        "outreach.RecurringMailing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("recurrence"),
    )
    occurrence_key = models.CharField(max_length=40, blank=True, editable=False, verbose_name=_("occurrence key"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    objects = MailingQuerySet.as_manager()

    # Subject and bodies have a version per language; history is kept (outreach/translation.py).

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
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
        # Every language's version, each under its own field (subject_en_gb, subject_fa…).
        for field in ("subject", "body_text", "body_html"):
            for name in get_translation_fields(field):
                try:
                    validate_merge_fields(getattr(self, name))
                except ValidationError as error:
                    errors[name] = error
        if errors:
            raise ValidationError(errors)

    def is_written_in(self, language):
        """Whether this language's version exists: its subject and its text are written."""
        return all(
            (getattr(self, build_localized_fieldname(field, language), None) or "").strip()
            for field in ("subject", "body_text")
        )

    @property
    def written_languages(self):
        return [code for code, _ in settings.LANGUAGES if self.is_written_in(code)]

    def version_for(self, language):
        """The language of the version a reader of `language` gets: their own when it is written,
        else the mailing's original (the first written, in the order of LANGUAGES)."""
        return next((code for code in resolution_order(language) if self.is_written_in(code)), language)

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
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
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

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    template = models.ForeignKey(
        Mailing, on_delete=models.PROTECT, related_name="recurring_uses", verbose_name=_("template")
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY, verbose_name=_("frequency")
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY, verbose_name=_("weekday"), help_text=_("For a weekly mailing.")
    )
    day_of_month = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        verbose_name=_("day of the month"),
        help_text=_("For a monthly mailing: 1 to 28, so that every month has it."),
    )
    time_of_day = models.TimeField(
        default=datetime.time(9, 0), verbose_name=_("time of day"), help_text=_("In the organisation's time zone.")
    )
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("periodic task"),
    )
    crontab = models.ForeignKey(
        "django_celery_beat.CrontabSchedule", on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))

    class Meta:
        verbose_name = _("recurring mailing")
        verbose_name_plural = _("recurring mailings")

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
