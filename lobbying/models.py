"""The whip count: where each parliamentarian stands on each ask, and the log of contacts with them.

Both are staff-only: a stance is the campaign's own reading of a person, not a public act (the public
acts are `backing.Backing`). No row for a person and an ask means they have not been contacted yet.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Person
from recommendations.models import Recommendation


class Stance(models.Model):
    """Where one parliamentarian stands on one ask, as the campaign last judged it."""

    class Position(models.TextChoices):
        BACKS = "backs", _("Backs")
        LEANING = "leaning", _("Leaning our way")
        UNDECIDED = "undecided", _("Undecided")
        OPPOSED = "opposed", _("Opposed")
        NOT_CONTACTED = "not_contacted", _("Not yet contacted")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="stances", verbose_name=_("person"))
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="stances", verbose_name=_("ask")
    )
    stance = models.CharField(
        max_length=16, choices=Position.choices, default=Position.NOT_CONTACTED, verbose_name=_("stance")
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # Every change of stance, with who made it and when (the admin's "History").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        ordering = ["recommendation", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "recommendation"], name="stance_one_per_person_and_ask"),
        ]
        permissions = [
            ("view_whip_count", _("Can see the whip count: stances and contacts of parliamentarians")),
        ]

    def __str__(self):
        return f"{self.person} — {self.recommendation}: {self.get_stance_display()}"


class ContactLog(models.Model):
    """One contact with a parliamentarian (about an ask, or in general), and what comes next."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone")
        MEETING = "meeting", _("Meeting")
        EVENT = "event", _("At an event")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("person"))
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        help_text=_("Leave empty for a contact about the campaign as a whole."),
        verbose_name=_("ask"),
    )
    contacted_on = models.DateField(verbose_name=_("contacted on"))
    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name=_("channel"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    next_step = models.CharField(max_length=255, blank=True, verbose_name=_("next step"))
    next_step_on = models.DateField(null=True, blank=True, verbose_name=_("next step on"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contact log")
        ordering = ["-contacted_on", "-id"]
        indexes = [
            # The whip count's "last contact" per person: the latest row of each person.
            models.Index(fields=["person", "-contacted_on", "-id"], name="contact_person_latest_idx"),
        ]

    def __str__(self):
        return f"{self.person} — {self.contacted_on} ({self.get_channel_display()})"
