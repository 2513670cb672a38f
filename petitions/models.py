"""Petitions: what is asked of whom. Signatures and their confirmation come with the public site."""

import uuid

from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("campaign")
    )
    title = models.CharField(max_length=255, validators=[validate_single_line], verbose_name=_("title"))
    slug = models.SlugField(max_length=255, unique=True, verbose_name=_("slug"))
    addressed_to = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="petitions_received", verbose_name=_("addressed to")
    )
    text = models.TextField(help_text=_("What the petition asks, as signers will read it."), verbose_name=_("text"))
    background = models.TextField(blank=True, verbose_name=_("background"))
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="petitions", verbose_name=_("recommendations")
    )
    signature_goal = models.PositiveIntegerField(default=10000, verbose_name=_("signature goal"))
    asks_postcode = models.BooleanField(
        default=False, help_text=_("Ask UK signers for their postcode."), verbose_name=_("asks postcode")
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    opened_at = models.DateTimeField(null=True, blank=True, verbose_name=_("opened at"))
    closes_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closes at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = PetitionQuerySet.as_manager()

    # Title, text and background have a version per language; history is kept (petitions/translation.py).

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
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
        PENDING = "pending", _("Pending confirmation")
        VALIDATED = "validated", _("Validated")
        INVALIDATED = "invalidated", _("Invalidated")
        FRAUDULENT = "fraudulent", _("Fraudulent")

    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("petition")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        help_text=_("Linked when the signer confirms their address."),
        verbose_name=_("person"),
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    email = models.EmailField(max_length=254, help_text=_("As the signer typed it."), verbose_name=_("email"))
    email_normalised = models.CharField(
        max_length=254,
        editable=False,
        help_text=_("Lower case, without the aliases providers ignore."),
        verbose_name=_("email normalised"),
    )
    country = CountryField(verbose_name=_("country"))
    postcode = models.CharField(max_length=10, blank=True, verbose_name=_("postcode"))
    language = models.CharField(
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=_("The language of the page they signed on: their confirmation mail is written in it."),
        verbose_name=_("language"),
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, verbose_name=_("status"))
    wants_email = models.BooleanField(
        default=False, help_text=_("Agreed to receive campaign email."), verbose_name=_("wants email")
    )
    consent_wording = models.TextField(
        blank=True, help_text=_("The consent text the signer was shown."), verbose_name=_("consent wording")
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("ip address"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    confirmation_mails_sent = models.PositiveSmallIntegerField(default=0, verbose_name=_("confirmation mails sent"))
    last_confirmation_mail_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last confirmation mail at"))
    # Names the signature in links sent by mail, so that a link does not reveal how many signed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at"]
        permissions = [("export_signatures", "Can export signatures with personal data")]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_normalised"],
                name="signature_one_per_address",
                violation_error_message=_("This address has already signed this petition."),
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

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="signature_counts", verbose_name=_("petition")
    )
    country = models.CharField(max_length=2, verbose_name=_("country"))
    shard = models.PositiveSmallIntegerField(verbose_name=_("shard"))
    count = models.IntegerField(default=0, verbose_name=_("count"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("signature count")
        verbose_name_plural = _("signature counts")
        constraints = [
            models.UniqueConstraint(fields=["petition", "country", "shard"], name="signature_count_unique_shard"),
        ]

    def __str__(self):
        return f"{self.count} from {self.country} (shard {self.shard})"
