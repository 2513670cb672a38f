"""Press releases: a draft per event and language, written from the record and edited by staff,
and the press office whose contact details close every release."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.languages import language_choices
from campaign.models import Organisation
from events.models import Event


class PressOffice(models.Model):
    """Who journalists call: the contact that ends an organisation's press releases, and the note
    about the organisation that editors read. Without one, a release names the organisation and
    its website only."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="press_office", verbose_name=_("organisation")
    )
    contact_name = models.CharField(max_length=200, blank=True, verbose_name=_("contact name"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    about = models.TextField(
        blank=True,
        help_text=_("A paragraph about the organisation, for the notes to editors."),
        verbose_name=_("about"),
    )

    # `about` has a version per language (press/translation.py).

    class Meta:
        verbose_name = _("press office")
        verbose_name_plural = _("press offices")

    def __str__(self):
        return str(self.organisation)


class PressRelease(models.Model):
    """An event's press release in one language, as staff will send it.

    `headline` and `text` are what staff edit; `generated_headline` and `generated_text` are what
    was last written from the record, so that the page knows whether staff changed the draft since
    (and asks before regenerating over their edits)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="press_releases", verbose_name=_("event"))
    language = models.CharField(max_length=10, choices=language_choices, verbose_name=_("language"))
    headline = models.CharField(max_length=500, verbose_name=_("headline"))
    text = models.TextField(
        help_text=_("Paragraphs separated by an empty line. Section headings stand on a line of their own."),
        verbose_name=_("text"),
    )
    generated_headline = models.CharField(max_length=500, editable=False, verbose_name=_("generated headline"))
    generated_text = models.TextField(editable=False, verbose_name=_("generated text"))
    generated_at = models.DateTimeField(editable=False, verbose_name=_("generated at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["-event__starts_at", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="press_release_one_per_event_language"),
        ]

    def __str__(self):
        return f"{self.event} ({self.get_language_display()})"

    @property
    def is_edited(self):
        """Whether staff changed the draft since it was last written from the record."""
        return self.headline != self.generated_headline or self.text != self.generated_text

    def get_admin_url(self):
        return reverse("admin:press_release", args=[self.event_id, self.language])
