"""Recommendations: the calls to action a campaign makes, to whom, where, and how each stands over
time. Who backs them is in the `backing` app."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign, Organisation
from campaign.validators import validate_single_line
from events.models import Event
from people.models import ParliamentaryRole, Person


class PublicOffice(models.Model):
    """An office an ask can be addressed to, whoever holds it: 'Prime Minister', 'UN High
    Commissioner for Human Rights', 'UN Special Rapporteur on the situation of human rights in Iran'."""

    title = models.CharField(
        max_length=255,
        validators=[validate_single_line],
        help_text=_("As a page prints it: 'UN High Commissioner for Human Rights'."),
        verbose_name=_("title"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_offices",
        help_text=_("The body it belongs to, if any: the UK Government, the United Nations."),
        verbose_name=_("organisation"),
    )

    # The title has a version per language (recommendations/translation.py).

    class Meta:
        verbose_name = _("public office")
        verbose_name_plural = _("public offices")
        ordering = ["title"]

    def __str__(self):
        return self.title


def people_who_may_be_named():
    """The people an ask may name as its addressees: those public pages may name
    (Person.is_named_in_public), as a filter: a public profile, or a seat in a legislature."""
    return models.Q(profile_is_public=True) | models.Q(pk__in=ParliamentaryRole.objects.values("person_id"))


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
        blank=True,
        related_name="recommendations_received",
        help_text=_("The bodies asked to act: the UK Government, the UN Security Council."),
        verbose_name=_("addressed to bodies"),
    )
    addressed_to_offices = models.ManyToManyField(
        PublicOffice,
        blank=True,
        related_name="recommendations_received",
        help_text=_("The offices asked to act, whoever holds them: the Prime Minister."),
        verbose_name=_("addressed to offices"),
    )
    addressed_to_people = models.ManyToManyField(
        Person,
        blank=True,
        limit_choices_to=people_who_may_be_named,
        related_name="recommendations_received",
        help_text=_("People asked to act by name: only people whose profile is public, or parliamentarians."),
        verbose_name=_("addressed to people"),
    )
    made_at = models.ManyToManyField(Event, blank=True, related_name="recommendations", verbose_name=_("made at"))
    # Who in Parliament backs it, how and when: backing.Backing (related name "backings").
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

    @property
    def addressees(self):
        """The names a page prints after "To", offices first, then people, then bodies. Reads the
        three prefetched relations (see `addressee_prefetches`, which keeps only people who may be
        named); unprefetched, it asks the database the same."""
        offices = [office.title for office in self.addressed_to_offices.all()]
        if "addressed_to_people" in getattr(self, "_prefetched_objects_cache", {}):
            people = self.addressed_to_people.all()
        else:
            people = self.addressed_to_people.filter(people_who_may_be_named())
        people = [person.full_name for person in people]
        bodies = [organisation.name for organisation in self.addressed_to.all()]
        return [*offices, *people, *bodies]

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


def addressee_prefetches(path=""):
    """What a page prefetches to print recommendations' addressees (`Recommendation.addressees`),
    each relation one query however many recommendations: `path` leads to the recommendations,
    "recommendations__" from an event or a petition."""
    people = Person.objects.filter(people_who_may_be_named())
    return [
        f"{path}addressed_to",
        f"{path}addressed_to_offices",
        models.Prefetch(f"{path}addressed_to_people", queryset=people),
    ]
