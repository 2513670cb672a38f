"""Petitions: what is asked of whom. Signatures and their confirmation come with the public site."""

import uuid

from django.core.exceptions import ValidationError
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

    def closed(self, now=None):
        """Published petitions no longer open: closed by staff, or past their closing time."""
        now = now or timezone.now()
        return self.published().filter(models.Q(status=Petition.Status.CLOSED) | models.Q(closes_at__lte=now))


class Petition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        NONE = "", _("Not yet known")
        DELIVERED = "delivered", _("Delivered")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

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
    # What came of it, published on its page and on the page of closed petitions.
    outcome = models.CharField(
        max_length=16,
        choices=Outcome.choices,
        default=Outcome.NONE,
        blank=True,
        help_text=_("Delivered: handed to its target. Won or lost: what the target decided."),
        verbose_name=_("outcome"),
    )
    response_text = models.TextField(
        blank=True,
        help_text=_("The target's response, as published on the petition's page."),
        verbose_name=_("response"),
    )
    response_by = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_("Who responded: 'Minister of State for the Middle East'."),
        verbose_name=_("response by"),
    )
    response_date = models.DateField(null=True, blank=True, verbose_name=_("response date"))

    objects = PetitionQuerySet.as_manager()

    # Title, text, background and the response have a version per language; history is kept
    # (petitions/translation.py).

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-opened_at", "-id"]
        permissions = [
            # The pack names the signers who agreed to be named: given one by one, like personal data.
            ("download_hand_in_pack", "Can download a petition's hand-in pack"),
        ]
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

    # Addresses under /petitions/ that are pages of their own, not petitions (petitions/urls.py).
    RESERVED_SLUGS = {"closed", "confirm"}

    def clean(self):
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of another page: choose another.") % {"slug": self.slug}}
            )

    @property
    def progress_percent(self):
        """Share of the goal reached, 0–100, for progress bars. Needs `with_signature_count()`."""
        return min(100, round(100 * self.signature_count / self.signature_goal))

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.OPEN and (self.closes_at is None or self.closes_at > now)


class Milestone(models.Model):
    """A count a petition may pass and what happens at it ("At 10,000 the government must respond").

    Beat marks it reached once the count passes it (petitions.services.milestones_mark_reached),
    and signers who agreed to campaign email are told, once. A milestone stays reached whatever
    later invalidations do to the count."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("petition")
    )
    signatures = models.PositiveIntegerField(
        help_text=_(
            "When the count passes it, signers who agreed to campaign email are told (at once, if it already has)."
        ),
        verbose_name=_("signatures"),
    )
    consequence = models.TextField(
        help_text=_("What happens at this count, as signers will read it: 'The government must respond.'"),
        verbose_name=_("what happens"),
    )
    reached_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("reached at"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["petition", "signatures"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "signatures"], name="milestone_one_per_count"),
            models.CheckConstraint(condition=models.Q(signatures__gt=0), name="milestone_count_positive"),
        ]
        indexes = [
            # Beat's check: WHERE reached_at IS NULL, joined to its petition's count.
            models.Index(
                fields=["petition"], condition=models.Q(reached_at__isnull=True), name="milestone_waiting_idx"
            ),
        ]

    def __str__(self):
        return f"{self.signatures}: {self.consequence[:60]}"


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
    # A consent of its own, off unless ticked: the name goes in the hand-in pack given to the target.
    name_may_be_delivered = models.BooleanField(
        default=False,
        help_text=_("Agreed that their name may be handed to the petition's target."),
        verbose_name=_("name may be delivered"),
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
