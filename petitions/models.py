"""Petitions: what is asked of whom. Signatures and their confirmation come with the public site."""

import uuid

from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from campaign.languages import default_language, language_choices
from campaign.models import Campaign, Organisation
from campaign.validators import validate_single_line
from recommendations.models import Recommendation


class PetitionQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Petition.Status.DRAFT)

    def with_signature_count(self):
        """Annotate `signature_count`: validated signatures, summed from the count shards."""
        total = (
            SignatureCount.objects.filter(petition=models.OuterRef("pk"))
            .values("petition")
            .annotate(total=models.Sum("count"))
            .values("total")
        )
        return self.annotate(signature_count=Coalesce(models.Subquery(total), 0))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Petition.Status.OPEN).filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now)
        )


class Petition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="petitions")
    title = models.CharField(max_length=255, validators=[validate_single_line])
    slug = models.SlugField(max_length=255, unique=True)
    addressed_to = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="petitions_received")
    text = models.TextField(help_text="What the petition asks, as signers will read it.")
    background = models.TextField(blank=True)
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="petitions")
    signature_goal = models.PositiveIntegerField(default=10000)
    asks_postcode = models.BooleanField(default=False, help_text="Ask UK signers for their postcode.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PetitionQuerySet.as_manager()

    # Title, text and background have a version per language; history is kept (petitions/translation.py).

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(signature_goal__gt=0), name="petition_goal_positive"),
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opened_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opened_at")),
                name="petition_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("petitions:detail", args=[self.slug])

    @property
    def progress_percent(self):
        """Share of the goal reached, 0–100, for progress bars. Needs `with_signature_count()`."""
        return min(100, round(100 * self.signature_count / self.signature_goal))

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.OPEN and (self.closes_at is None or self.closes_at > now)


class Signature(models.Model):
    """One person's signature on one petition. It counts only once the signer has confirmed their
    address (status VALIDATED); the count itself lives in SignatureCount."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        VALIDATED = "validated", "Validated"
        INVALIDATED = "invalidated", "Invalidated"
        FRAUDULENT = "fraudulent", "Fraudulent"

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        help_text="Linked when the signer confirms their address.",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, help_text="As the signer typed it.")
    email_normalised = models.CharField(
        max_length=254, editable=False, help_text="Lower case, without the aliases providers ignore."
    )
    country = CountryField()
    postcode = models.CharField(max_length=10, blank=True)
    language = models.CharField(
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text="The language of the page they signed on: their confirmation mail is written in it.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    wants_email = models.BooleanField(default=False, help_text="Agreed to receive campaign email.")
    consent_wording = models.TextField(blank=True, help_text="The consent text the signer was shown.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_mails_sent = models.PositiveSmallIntegerField(default=0)
    last_confirmation_mail_at = models.DateTimeField(null=True, blank=True)
    # Names the signature in links sent by mail, so that a link does not reveal how many signed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("export_signatures", "Can export signatures with personal data")]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_normalised"],
                name="signature_one_per_address",
                violation_error_message="This address has already signed this petition.",
            ),
        ]
        indexes = [
            # The admin's "signatures of this petition, newest first" (it breaks ties by id).
            models.Index(fields=["petition", "-created_at", "-id"], name="signature_petition_new_idx"),
            models.Index(fields=["email_normalised"], name="signature_email_idx"),
            # The admin's list of all signatures, newest first.
            models.Index(fields=["-created_at", "-id"], name="signature_created_idx"),
        ]

    def __str__(self):
        return f"{self.name} on {self.petition}"


class SignatureCount(models.Model):
    """Validated signatures per petition and country, spread over a few shards.

    Confirmations add one to a random shard, so that writers under a surge do not queue on one hot
    row; a page sums a petition's rows (a few per country) instead of counting signatures.
    """

    SHARDS = 8

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signature_counts")
    country = models.CharField(max_length=2)
    shard = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "country", "shard"], name="signature_count_unique_shard"),
        ]

    def __str__(self):
        return f"{self.count} from {self.country} (shard {self.shard})"
