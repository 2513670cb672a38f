"""The outbox: one row for every email the app sends, whatever its kind.

Confirmation mails, mailing deliveries, staff alerts, test mails and every later kind are written
here first, inside the transaction that makes them due, and a worker sends them from here. The
row, not a Celery task, says what is left to send; a task only says "there may be mail". Bulk mail
is rendered at send time from what it is about (a mailing and a person), so a row stays small at a
million recipients; a mail composed once (an alert, a test) keeps its content in the row.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMailQuerySet(models.QuerySet):
    def about(self, kind, about_id):
        return self.filter(kind=kind, about_id=about_id)


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        HELD = "held", _("Held (its mailing is paused)")
        IN_FLIGHT = "in_flight", _("In flight")
        RETRY = "retry", _("Awaiting retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Priority(models.IntegerChoices):
        # Someone is waiting for it (a confirmation link, an alert): it goes before any bulk mail.
        TRANSACTIONAL = 0, _("Transactional")
        BULK = 10, _("Bulk")

    CLAIMABLE = [Status.QUEUED, Status.RETRY]
    UNFINISHED = [Status.QUEUED, Status.RETRY, Status.IN_FLIGHT, Status.HELD]

    kind = models.CharField(
        max_length=40, help_text=_("What sort of mail: how it is built is registered per kind."), verbose_name=_("kind")
    )
    about_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text=_("The row this mail is about (a mailing, a signature…), read by its kind."),
        verbose_name=_("about id"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mail",
        verbose_name=_("person"),
    )
    to_email = models.EmailField(max_length=254, verbose_name=_("to email"))
    language = models.CharField(
        max_length=10, blank=True, help_text=_("The language the recipient reads."), verbose_name=_("language")
    )
    priority = models.PositiveSmallIntegerField(
        choices=Priority.choices, default=Priority.TRANSACTIONAL, verbose_name=_("priority")
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status"))
    due_at = models.DateTimeField(
        default=timezone.now, help_text=_("Not sent before this: the next try of a retry."), verbose_name=_("due at")
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    claim_token = models.UUIDField(
        null=True,
        blank=True,
        help_text=_("The worker run that holds it while in flight."),
        verbose_name=_("claim token"),
    )
    lease_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("In flight until then; a worker renews it while it works."),
        verbose_name=_("lease expires at"),
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    # A database default too: bulk mail is written by INSERT … SELECT (outbox_enqueue_select).
    bounced = models.BooleanField(
        default=False,
        db_default=False,
        verbose_name=_("bounced"),
        help_text=_("The server refused the address itself (5xx)."),
    )
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    content = models.JSONField(
        null=True,
        blank=True,
        help_text=_("Subject, bodies and headers of a mail composed when it was queued."),
        verbose_name=_("content"),
    )

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-id"]
        constraints = [
            # Bulk mail goes once to each person for each thing it is about (a mailing started twice).
            models.UniqueConstraint(
                fields=["kind", "about_id", "person"],
                condition=Q(priority=10, person__isnull=False),
                name="outgoing_bulk_once_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_flight") | Q(claim_token__isnull=False, lease_expires_at__isnull=False),
                name="outgoing_in_flight_is_claimed",
            ),
        ]
        indexes = [
            # The claim: WHERE status IN ('queued', 'retry') AND due_at <= now ORDER BY priority, due_at, id.
            models.Index(
                fields=["priority", "due_at", "id"],
                condition=Q(status__in=["queued", "retry"]),
                name="outgoing_claimable_idx",
            ),
            # Expired leases: WHERE status = 'in_flight' AND lease_expires_at < now.
            models.Index(fields=["lease_expires_at"], condition=Q(status="in_flight"), name="outgoing_in_flight_idx"),
            # Progress of one mailing: WHERE kind = 'mailing' AND about_id = … GROUP BY status.
            models.Index(fields=["kind", "about_id", "status"], name="outgoing_about_status_idx"),
            # Erasure and the per-person log: WHERE person_id = … ; and the nightly purge by age.
            models.Index(fields=["person"], name="outgoing_person_idx"),
            models.Index(fields=["created_at"], condition=Q(priority=0), name="outgoing_transactional_age_idx"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.to_email}: {self.get_status_display()}"
