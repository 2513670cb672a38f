"""Backing: a parliamentarian's public act of support for an ask (a recommendation), with how they
gave it, when, the evidence, and whether and when they withdrew it.

Party and house are not stored here: they are read from the person's dated parliamentary roles as
on `backed_on` (backing/services.py, `seat_on`), so that a later defection does not rewrite who
backed an ask from which party. Signing a published motion linked to an ask counts as backing it
too, without a row here (services.backers_of_ask reads `motions.Signatory`).

What is public: the person (a parliamentarian), how, when, `source_url`, `source_description`, the
motion and the event. What is not: `source_document` and `note`, which only staff see.
"""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event
from motions.models import Motion
from people.models import ParliamentaryRole, Person
from recommendations.models import Recommendation

from .storage import private_documents


class BackingQuerySet(models.QuerySet):
    def current(self):
        """Backing not withdrawn: what counts and what public pages show."""
        return self.filter(has_withdrawn=False)


class Backing(models.Model):
    class How(models.TextChoices):
        SIGNED_MOTION = "signed_motion", _("Signed a motion")
        SIGNED_STATEMENT = "signed_statement", _("Signed a statement or open letter")
        SPOKE = "spoke", _("Spoke for it at an event")
        WROTE = "wrote", _("Wrote a letter")
        PLEDGED = "pledged", _("Pledged")
        VOTED = "voted", _("Voted for it")
        # Rows moved from the old bare list of backers: staff recorded them without saying how.
        RECORDED = "recorded", _("Recorded by staff, how not known")

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="backings",
        help_text=_("A parliamentarian: an MP, a Peer, a member of another parliament."),
        verbose_name=_("parliamentarian"),
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="backings", verbose_name=_("recommendation")
    )
    how = models.CharField(max_length=24, choices=How.choices, verbose_name=_("how"))
    backed_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When they gave it. Their party and house are shown as they were on this day."),
        verbose_name=_("backed on"),
    )
    motion = models.ForeignKey(
        Motion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backings",
        help_text=_("The motion, statement or letter they signed, if it is recorded here."),
        verbose_name=_("motion or statement"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backings",
        help_text=_("The event where they spoke for it."),
        verbose_name=_("event"),
    )
    source_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("Public: a link to the evidence (Hansard, a tweet, the letter as published)."),
        verbose_name=_("source link"),
    )
    source_description = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Public: the evidence in a few words, e.g. 'Reply to a constituent, 3 Dec 2026'."),
        verbose_name=_("source"),
    )
    source_document = models.FileField(
        upload_to="%Y/",
        storage=private_documents,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg", "eml", "msg", "txt", "doc", "docx"])],
        help_text=_("Staff only, never shown on public pages: a scan of the letter, the email."),
        verbose_name=_("source document"),
    )
    has_withdrawn = models.BooleanField(default=False, verbose_name=_("withdrew"))
    withdrawn_on = models.DateField(
        null=True, blank=True, help_text=_("Leave empty when the date is not known."), verbose_name=_("withdrew on")
    )
    note = models.TextField(blank=True, help_text=_("Staff only."), verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = BackingQuerySet.as_manager()

    # The source's description has a version per language; history is kept (backing/translation.py).

    class Meta:
        verbose_name = _("backing")
        verbose_name_plural = _("backings")
        ordering = ["backed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(has_withdrawn=True),
                name="backing_withdrawal_date_needs_withdrawal",
                violation_error_message=_("A withdrawal date needs “withdrew” ticked."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(backed_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("backed_on")),
                name="backing_withdrawn_after_backing",
                violation_error_message=_("One cannot withdraw before backing."),
            ),
            # One row per person, ask and piece of evidence: imports may run twice.
            models.UniqueConstraint(
                fields=["recommendation", "person", "motion"],
                condition=models.Q(motion__isnull=False),
                name="backing_unique_per_motion",
                violation_error_message=_("This backing through this motion is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["recommendation", "person", "event"],
                condition=models.Q(event__isnull=False),
                name="backing_unique_per_event",
                violation_error_message=_("This backing at this event is already recorded."),
            ),
        ]
        indexes = [
            # The public page of an ask reads its backing not withdrawn.
            models.Index(
                fields=["recommendation", "person"], condition=models.Q(has_withdrawn=False), name="backing_current_idx"
            ),
        ]

    def __str__(self):
        return _("%(person)s backs “%(recommendation)s”") % {
            "person": self.person,
            "recommendation": self.recommendation,
        }

    def clean(self):
        super().clean()
        if self.person_id and not ParliamentaryRole.objects.filter(person_id=self.person_id).exists():
            raise ValidationError(
                {"person": _("Only parliamentarians back an ask here: give this person a parliamentary role first.")}
            )
