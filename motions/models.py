"""Parliamentary motions and public statements: Early Day Motions, cross-party statements, open
letters. Who tabled them, who signed them and when (and who withdrew), how many backed them in all
as published ("~200 MPs and Peers", of whom only some are named), and what they are linked to:
events, asks and petitions.

`Signatory` is the named backing, one row per person and motion, with its dates; `stated_total` is
the figure the campaign publishes, which may exceed the named rows."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign
from campaign.validators import validate_single_line
from events.models import Event
from people.models import Legislature, Person
from petitions.models import Petition
from recommendations.models import Recommendation


class MotionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Motion.Status.PUBLISHED)


class Motion(models.Model):
    class Kind(models.TextChoices):
        EARLY_DAY_MOTION = "early_day_motion", _("Early Day Motion")
        MOTION = "motion", _("Motion")
        STATEMENT = "statement", _("Cross-party statement")
        OPEN_LETTER = "open_letter", _("Open letter")
        DECLARATION = "declaration", _("Written declaration")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="motions", verbose_name=_("campaign"))
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.EARLY_DAY_MOTION, verbose_name=_("kind"))
    number = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_single_line],
        help_text=_("As Parliament numbers it: 1189. Empty for statements and letters."),
        verbose_name=_("number"),
    )
    house = models.ForeignKey(
        Legislature,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
        help_text=_("Where it was tabled. Empty for a statement signed in both houses."),
        verbose_name=_("house"),
    )
    session = models.CharField(
        max_length=40,
        blank=True,
        validators=[validate_single_line],
        help_text=_("The parliamentary session: 2019–21."),
        verbose_name=_("session"),
    )
    title = models.CharField(max_length=255, validators=[validate_single_line], verbose_name=_("title"))
    slug = models.SlugField(max_length=255, unique=True, verbose_name=_("slug"))
    text = models.TextField(help_text=_("The words of the motion or statement, in full."), verbose_name=_("text"))
    tabled_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("The day it was tabled, or published for a statement or letter."),
        verbose_name=_("tabled on"),
    )
    primary_sponsor = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions_sponsored",
        help_text=_("Who tabled it or wrote it. Saving lists them among the signatories too."),
        verbose_name=_("primary sponsor"),
    )
    stated_total = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("How many backed it in all, as published: 200 for '~200 MPs and Peers'. May exceed the named."),
        verbose_name=_("stated total"),
    )
    stated_total_wording = models.CharField(
        max_length=120,
        blank=True,
        validators=[validate_single_line],
        help_text=_("The total as the campaign words it: '~200 MPs and Peers'. Empty: the page counts."),
        verbose_name=_("total as worded"),
    )
    source_url = models.URLField(
        blank=True,
        help_text=_("Where it is published: the motion on Parliament's site, the letter…"),
        verbose_name=_("source"),
    )
    events = models.ManyToManyField(
        Event,
        blank=True,
        related_name="motions",
        help_text=_("Events where it was launched or spoken of."),
        verbose_name=_("events"),
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="motions",
        help_text=_("The asks it makes or supports."),
        verbose_name=_("recommendations"),
    )
    petitions = models.ManyToManyField(Petition, blank=True, related_name="motions", verbose_name=_("petitions"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = MotionQuerySet.as_manager()

    # Title, text and the worded total have a version per language; history is kept (motions/translation.py).

    class Meta:
        verbose_name = _("motion or statement")
        verbose_name_plural = _("motions and statements")
        ordering = ["-tabled_on", "-id"]
        constraints = [
            # Parliament numbers motions afresh each session, in each house.
            models.UniqueConstraint(
                fields=["house", "session", "number"],
                condition=~models.Q(number=""),
                name="motion_unique_number_in_session",
                violation_error_message=_("A motion with this number was already tabled in this house and session."),
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}" if self.reference else self.title

    def get_absolute_url(self):
        return reverse("motions:detail", args=[self.slug])

    @property
    def reference(self):
        """'EDM 1189' for an Early Day Motion, the bare number for anything else numbered."""
        if not self.number:
            return ""
        if self.kind == self.Kind.EARLY_DAY_MOTION:
            return _("EDM %(number)s") % {"number": self.number}
        return self.number

    def current_signatories(self):
        """Named signatories who have not withdrawn, from the prefetched `signatories`."""
        return [signatory for signatory in self.signatories.all() if not signatory.has_withdrawn]

    def withdrawn_signatories(self):
        return [signatory for signatory in self.signatories.all() if signatory.has_withdrawn]

    def total_with(self, named):
        """The total to print: the stated one, or the named count when more have been named since."""
        return max(self.stated_total or 0, named)


class Signatory(models.Model):
    """A person's name on a motion or statement: when they signed, and whether and when they withdrew."""

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("motion or statement")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="motion_signatures", verbose_name=_("person")
    )
    is_sponsor = models.BooleanField(
        default=False,
        help_text=_("One of the named sponsors who tabled it (an Early Day Motion has up to six)."),
        verbose_name=_("sponsor"),
    )
    signed_on = models.DateField(null=True, blank=True, verbose_name=_("signed on"))
    has_withdrawn = models.BooleanField(default=False, verbose_name=_("withdrew"))
    withdrawn_on = models.DateField(
        null=True, blank=True, help_text=_("Leave empty when the date is not known."), verbose_name=_("withdrew on")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["-is_sponsor", "order", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "person"],
                name="signatory_unique_person",
                violation_error_message=_("This person is already a signatory."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(has_withdrawn=True),
                name="signatory_withdrawal_date_needs_withdrawal",
                violation_error_message=_("A withdrawal date needs “withdrew” ticked."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("signed_on")),
                name="signatory_withdraws_after_signing",
                violation_error_message=_("One cannot withdraw before signing."),
            ),
        ]

    def __str__(self):
        return _("%(person)s on %(motion)s") % {"person": self.person, "motion": self.motion.reference or self.motion}
