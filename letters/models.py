"""Letter campaigns: a supporter finds their own MP by postcode and writes to them in their own words.

A LetterCampaign says what the letters are about (an ask), to whom they go and the guidance shown to
writers; a Letter is one supporter's letter to one recipient. A letter goes out only once its writer
has confirmed their address, through the outbox (letters/mail.py), From our domain with the writer's
name, Reply-To the writer, with a copy to the writer.

Letter text is personal data: it lives in the Letter row only (never in history, never in the
outbox's rows: mail is built from the row when it is sent), so that erasure reaches all of it.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.languages import default_language, language_choices
from campaign.validators import validate_single_line
from recommendations.models import Recommendation

# Where any MP can be written to by post: printed on the letter of a writer whose MP has no email on record.
HOUSE_OF_COMMONS_ADDRESS = "House of Commons\nLondon\nSW1A 0AA"


class LetterCampaignQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=LetterCampaign.Status.DRAFT)

    def open(self, now=None):
        """Taking letters now (as LetterCampaign.is_open says of one)."""
        now = now or timezone.now()
        return self.filter(status=LetterCampaign.Status.OPEN).filter(
            models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=now),
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now),
        )


class LetterCampaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Recipients(models.TextChoices):
        CURRENT_MPS = "current_mps", _("Each writer's own MP, found by postcode")
        CHOSEN_PEOPLE = "chosen_people", _("People staff choose (Peers, say): the writer picks one")
        OFFICE = "office", _("A public office")

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="letter_campaigns",
        help_text=_("The ask the letters are about."),
        verbose_name=_("ask"),
    )
    title = models.CharField(max_length=255, validators=[validate_single_line], verbose_name=_("title"))
    slug = models.SlugField(max_length=255, unique=True, verbose_name=_("slug"))
    guidance = models.TextField(
        blank=True,
        help_text=_("How to write a letter that counts, as writers will read it."),
        verbose_name=_("guidance"),
    )
    points = models.TextField(
        blank=True,
        help_text=_("Points the letter might make, one a line."),
        verbose_name=_("points to make"),
    )
    suggested_subject = models.CharField(
        max_length=200, blank=True, validators=[validate_single_line], verbose_name=_("suggested subject")
    )
    suggested_opening = models.TextField(
        blank=True,
        help_text=_("Put in the letter to start it; writers must change it before they can send."),
        verbose_name=_("suggested opening"),
    )
    recipients = models.CharField(
        max_length=16, choices=Recipients.choices, default=Recipients.CURRENT_MPS, verbose_name=_("written to")
    )
    chosen_recipients = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="letter_campaigns_addressed",
        help_text=_("When the letters go to people staff choose."),
        verbose_name=_("chosen recipients"),
    )
    office_name = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_("When the letters go to a public office: 'The Foreign Secretary'."),
        verbose_name=_("office"),
    )
    office_email = models.EmailField(blank=True, verbose_name=_("office's email"))
    postal_address = models.TextField(
        default=HOUSE_OF_COMMONS_ADDRESS,
        help_text=_("Printed on the letter of a writer whose recipient has no email address on record."),
        verbose_name=_("postal address"),
    )
    opens_at = models.DateTimeField(null=True, blank=True, verbose_name=_("opens at"))
    closes_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closes at"))
    similarity_threshold = models.FloatField(
        default=0.5,
        help_text=_(
            "A letter sharing more than this share of its phrases with an earlier letter of this campaign "
            "is sent back for rewriting (0.5: half)."
        ),
        verbose_name=_("similarity threshold"),
    )
    survey_after_days = models.PositiveSmallIntegerField(
        default=14,
        help_text=_("Days after sending when writers are asked whether their MP replied."),
        verbose_name=_("ask about replies after (days)"),
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = LetterCampaignQuerySet.as_manager()

    # Title, guidance, points and the suggestions have a version per language; history is kept
    # (letters/translation.py).

    class Meta:
        verbose_name = _("letter campaign")
        verbose_name_plural = _("letter campaigns")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(similarity_threshold__gt=0) & models.Q(similarity_threshold__lte=1),
                name="letter_campaign_threshold_share",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="letter_campaign_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("letters:start", args=[self.slug])

    # Addresses under /write/ that are pages of their own, not campaigns (letters/urls.py).
    RESERVED_SLUGS = {"confirm", "reply"}

    def clean(self):
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of another page: choose another.") % {"slug": self.slug}}
            )
        if self.recipients == self.Recipients.OFFICE and not self.office_name:
            raise ValidationError({"office_name": _("Name the office the letters go to.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or self.closes_at > now)
        )

    def has_not_opened_yet(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at is not None and self.opens_at > now


class Letter(models.Model):
    """One supporter's letter to one recipient, from the form to the reply they report."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting the writer's confirmation")
        CONFIRMED = "confirmed", _("Confirmed, queued to send")
        SENT = "sent", _("Sent")
        REFUSED = "refused", _("Refused")

    class Reply(models.TextChoices):
        UNKNOWN = "", _("Not asked or not answered")
        YES = "yes", _("Replied")
        NO = "no", _("Did not reply")
        NOT_YET = "not_yet", _("Not yet")

    # The states in which a letter counts as written: one a writer per campaign and recipient.
    WRITTEN = [Status.CONFIRMED, Status.SENT]

    campaign = models.ForeignKey(
        LetterCampaign, on_delete=models.PROTECT, related_name="letters", verbose_name=_("letter campaign")
    )
    # Names the letter in links sent by mail: a row id would tell how many have written.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id"))
    writer = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters_written",
        help_text=_("Linked when the writer confirms their address."),
        verbose_name=_("writer"),
    )
    recipient = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters_received",
        help_text=_("Empty when the letter goes to a public office."),
        verbose_name=_("recipient"),
    )
    constituency = models.ForeignKey(
        "constituencies.Constituency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        help_text=_("The writer's constituency, when the letter goes to their MP."),
        verbose_name=_("constituency"),
    )
    constituency_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The writer's constituency, as it was named when they wrote."),
        verbose_name=_("constituency name"),
    )
    writer_name = models.CharField(max_length=100, validators=[validate_single_line], verbose_name=_("name"))
    writer_address = models.TextField(
        help_text=_("As the writer gave it: the MP's office checks it to know a constituent."),
        verbose_name=_("address"),
    )
    writer_postcode = models.CharField(max_length=10, blank=True, verbose_name=_("postcode"))
    writer_email = models.EmailField(max_length=254, help_text=_("As the writer typed it."), verbose_name=_("email"))
    writer_email_normalised = models.CharField(
        max_length=254,
        editable=False,
        help_text=_("Lower case, without the aliases providers ignore."),
        verbose_name=_("email normalised"),
    )
    language = models.CharField(
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=_("The language of the page they wrote on: mail to them is written in it."),
        verbose_name=_("language"),
    )
    subject = models.CharField(max_length=200, validators=[validate_single_line], verbose_name=_("subject"))
    body = models.TextField(verbose_name=_("letter"))
    # Hashes of the letter's word n-grams (letters/similarity.py), to compare new letters with it in one query.
    shingles = ArrayField(
        models.BigIntegerField(), default=list, blank=True, editable=False, verbose_name=_("shingles")
    )
    status = models.CharField(
        max_length=24, choices=Status.choices, default=Status.AWAITING_CONFIRMATION, verbose_name=_("status")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    confirmation_mails_sent = models.PositiveSmallIntegerField(default=0, verbose_name=_("confirmation mails sent"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    mail_to_recipient = models.ForeignKey(
        "outbox.OutgoingMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mail to the recipient"),
    )
    mail_copy_to_writer = models.ForeignKey(
        "outbox.OutgoingMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copy to the writer"),
    )
    # What happened next (the survey a fortnight after sending, and staff's review of replies).
    survey_due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("survey due at"))
    survey_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("survey sent at"))
    reply_reported = models.CharField(
        max_length=8, choices=Reply.choices, default=Reply.UNKNOWN, blank=True, verbose_name=_("reply reported")
    )
    reply_text = models.TextField(
        blank=True, help_text=_("What the writer says their MP replied."), verbose_name=_("reply")
    )
    reply_reported_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reply reported at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed at"))
    backing = models.ForeignKey(
        "backing.Backing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        help_text=_("The backing staff recorded from the reply this letter brought."),
        verbose_name=_("backing"),
    )
    thanked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thanked at"))

    # Status and review changes are kept; the writer's words, details and who they are never are
    # (erasure updates the letter in place, which writes no history row, so history must not hold them).
    history = HistoricalRecords(
        excluded_fields=[
            "writer",
            "writer_name",
            "writer_address",
            "writer_postcode",
            "writer_email",
            "writer_email_normalised",
            "subject",
            "body",
            "shingles",
            "reply_text",
        ]
    )

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]
        permissions = [
            # What a constituent wrote (and what their MP replied) is theirs: shown only to those given it.
            ("view_letter_text", "Can read the text of letters and replies"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "writer_email_normalised", "recipient"],
                condition=models.Q(status__in=["confirmed", "sent"]),
                nulls_distinct=False,
                name="letter_one_per_writer_and_recipient",
                violation_error_message=_("You have already written to them in this campaign."),
            ),
        ]
        indexes = [
            # The similarity check: WHERE campaign_id = … AND shingles && … (letters/similarity.py).
            GinIndex(fields=["shingles"], name="letter_shingles_idx"),
            models.Index(fields=["campaign", "status"], name="letter_campaign_status_idx"),
            # Staff's letters per recipient (MP), and erasure by address.
            models.Index(fields=["recipient", "campaign"], name="letter_recipient_idx"),
            models.Index(fields=["writer_email_normalised"], name="letter_writer_email_idx"),
            # Beat's survey: WHERE survey_sent_at IS NULL AND survey_due_at <= now.
            models.Index(
                fields=["survey_due_at"], condition=models.Q(survey_sent_at__isnull=True), name="letter_survey_due_idx"
            ),
        ]

    def __str__(self):
        # Without the writer's name or address: this shows in the admin's logs and history titles.
        return f"Letter {self.public_id.hex[:8]} ({self.campaign})"

    @property
    def recipient_name(self):
        """Who it is addressed to, as printed: the person's full name, or the office."""
        return self.recipient.full_name if self.recipient_id else self.campaign.office_name
