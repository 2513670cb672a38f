"""Email outreach: audiences, mailings and one delivery row per recipient.

The database is the source of truth for what is due and what was sent; Celery tasks only say
"there may be work", so a lost task delays a mailing but never loses or repeats a recipient.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname, get_translation_fields, resolution_order

from campaign.models import Campaign
from campaign.validators import validate_single_line
from events.models import Event
from outbox.models import OutgoingMail, OutgoingMailQuerySet
from people.models import Legislature, Party, Person, Tag
from petitions.models import Petition, Signature

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

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def people(self):
        """The people this audience reaches now: with an address, and never anyone who opted out."""
        people = Person.objects.filter(email__isnull=False).exclude(
            email_consent__in=[Person.EmailConsent.UNSUBSCRIBED, Person.EmailConsent.BOUNCED]
        )
        if self.kind == self.Kind.SUPPORTERS:
            people = people.filter(email_consent=Person.EmailConsent.SUBSCRIBED)
            if self.pk and self.signed_petitions.exists():
                people = people.filter(
                    pk__in=Signature.objects.filter(
                        petition__in=self.signed_petitions.all(), status=Signature.Status.VALIDATED
                    ).values("person_id")
                )
        else:
            roles = Q()
            if self.standing != self.Standing.ANY:
                roles &= Q(parliamentary_roles__is_current=self.standing == self.Standing.CURRENT)
            if self.pk and self.legislatures.exists():
                roles &= Q(parliamentary_roles__legislature__in=self.legislatures.all())
            if self.pk and self.parties.exists():
                roles &= Q(parliamentary_roles__party__in=self.parties.all())
            people = people.filter(
                pk__in=Person.objects.filter(Q(parliamentary_roles__isnull=False) & roles).values("pk")
            )
        if self.pk and self.took_part_in.exists():
            people = people.filter(participations__event__in=self.took_part_in.all())
        if self.pk and self.tags.exists():
            people = people.filter(tags__in=self.tags.all())
        if self.countries:
            people = people.filter(country__in=self.countries)
        return people.distinct()


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

    # Subject and bodies have a version per language; history is kept (outreach/translation.py).

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
        verbose_name = "delivery"
        verbose_name_plural = "deliveries"
        ordering = ["id"]


class RecurringMailing(models.Model):
    """A mailing sent again on a schedule (a weekly digest): each time its beat entry fires, a copy
    of `template` is scheduled for that moment. The schedule is a django-celery-beat PeriodicTask,
    so staff edit it in the admin with the other schedules."""

    name = models.CharField(max_length=200, unique=True)
    template = models.ForeignKey(Mailing, on_delete=models.PROTECT, related_name="recurring_uses")
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    crontab = models.ForeignKey(
        "django_celery_beat.CrontabSchedule",
        on_delete=models.PROTECT,
        help_text="When to send, e.g. every Monday at 09:00.",
    )
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.name
