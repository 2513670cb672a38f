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


class OutgoingMailQuerySet(models.QuerySet):
    def about(self, kind, about_id):
        return self.filter(kind=kind, about_id=about_id)


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        HELD = "held", "Held (its mailing is paused)"
        IN_FLIGHT = "in_flight", "In flight"
        RETRY = "retry", "Awaiting retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.IntegerChoices):
        # Someone is waiting for it (a confirmation link, an alert): it goes before any bulk mail.
        TRANSACTIONAL = 0, "Transactional"
        BULK = 10, "Bulk"

    CLAIMABLE = [Status.QUEUED, Status.RETRY]
    UNFINISHED = [Status.QUEUED, Status.RETRY, Status.IN_FLIGHT, Status.HELD]

    kind = models.CharField(max_length=40, help_text="What sort of mail: how it is built is registered per kind.")
    about_id = models.BigIntegerField(
        null=True, blank=True, help_text="The row this mail is about (a mailing, a signature…), read by its kind."
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="outgoing_mail"
    )
    to_email = models.EmailField(max_length=254)
    language = models.CharField(max_length=10, blank=True, help_text="The language the recipient reads.")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.TRANSACTIONAL)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    due_at = models.DateTimeField(default=timezone.now, help_text="Not sent before this: the next try of a retry.")
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.UUIDField(null=True, blank=True, help_text="The worker run that holds it while in flight.")
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="In flight until then; a worker renews it while it works."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # A database default too: bulk mail is written by INSERT … SELECT (outbox_enqueue_select).
    bounced = models.BooleanField(
        default=False, db_default=False, help_text="The server refused the address itself (5xx)."
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(
        null=True, blank=True, help_text="Subject, bodies and headers of a mail composed when it was queued."
    )

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"
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
