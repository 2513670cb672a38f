"""Recommendations: the calls to action a campaign makes, to whom, where, backed by whom, and how
each stands over time."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign, Organisation
from events.models import Event
from people.models import Person


class Recommendation(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        RAISED = "raised", _("Raised with the addressee")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        PARTLY_MET = "partly_met", _("Partly met")
        MET = "met", _("Met")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("campaign")
    )
    title = models.CharField(
        max_length=255, help_text=_("A short name: 'Extend the UN arms embargo on Iran'."), verbose_name=_("title")
    )
    slug = models.SlugField(max_length=255, unique=True, verbose_name=_("slug"))
    call_to_action = models.TextField(help_text=_("What is asked, in full."), verbose_name=_("call to action"))
    addressed_to = models.ManyToManyField(
        Organisation,
        related_name="recommendations_received",
        help_text=_("The bodies asked to act."),
        verbose_name=_("addressed to"),
    )
    made_at = models.ManyToManyField(Event, blank=True, related_name="recommendations", verbose_name=_("made at"))
    backers = models.ManyToManyField(
        Person, blank=True, related_name="recommendations_backed", verbose_name=_("backers")
    )
    status = models.CharField(
        max_length=24,
        choices=Status.choices,
        default=Status.PROPOSED,
        editable=False,
        help_text=_("Set by the latest status update."),
        verbose_name=_("status"),
    )
    status_changed_on = models.DateField(null=True, blank=True, editable=False, verbose_name=_("status changed on"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    # Title and call to action have a version per language; history is kept (recommendations/translation.py).

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    def sync_status(self):
        """Take the status of the most recent dated update (or 'proposed' when there is none)."""
        latest = self.status_updates.order_by("-on", "-id").first()
        self.status = latest.status if latest else self.Status.PROPOSED
        self.status_changed_on = latest.on if latest else None
        Recommendation.objects.filter(pk=self.pk).update(status=self.status, status_changed_on=self.status_changed_on)


class StatusUpdate(models.Model):
    """A dated note on where a recommendation stands: 'Raised in a Westminster Hall debate'."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_updates", verbose_name=_("recommendation")
    )
    on = models.DateField(default=timezone.localdate, verbose_name=_("on"))
    status = models.CharField(max_length=24, choices=Recommendation.Status.choices, verbose_name=_("status"))
    note = models.TextField(verbose_name=_("note"))

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.on}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.recommendation.sync_status()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.recommendation.sync_status()
        return result
