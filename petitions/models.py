"""Petitions: what is asked of whom. Signatures and their confirmation come with the public site."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from campaign.models import Campaign, Organisation
from recommendations.models import Recommendation


class PetitionQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Petition.Status.DRAFT)

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
    title = models.CharField(max_length=255)
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

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.OPEN and (self.closes_at is None or self.closes_at > now)
