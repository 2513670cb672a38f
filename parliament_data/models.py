"""What we keep of Parliament's own data: which Person each member of Parliament is (by
Parliament's member id), which Motion each Early Day Motion is (by Parliament's EDM id), and a
record of every import with its report.

Parliament's ids are the keys that make an import idempotent: a member matched once by name is
matched by id ever after, so a later change of name or title does not make a second person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motions.models import Motion
from people.models import Person

IMPORT_PERMISSION = "parliament_data.import_parliament_data"


class MemberRecord(models.Model):
    """A Person as Parliament's Members API knows them."""

    class House(models.IntegerChoices):
        # The Members API's own numbers for the houses.
        COMMONS = 1, _("House of Commons")
        LORDS = 2, _("House of Lords")

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="parliament_record", verbose_name=_("person")
    )
    parliament_id = models.PositiveIntegerField(
        unique=True,
        help_text=_("The member's id in Parliament's Members API (also MnisId in the Early Day Motions API)."),
        verbose_name=_("Parliament's member id"),
    )
    house = models.PositiveSmallIntegerField(choices=House.choices, verbose_name=_("house"))
    name_as_listed = models.CharField(
        max_length=200, help_text=_("As Parliament lists it: 'Abbott, Ms Diane'."), verbose_name=_("name as listed")
    )
    imported_at = models.DateTimeField(verbose_name=_("imported at"))

    class Meta:
        verbose_name = _("member of Parliament's record")
        verbose_name_plural = _("members of Parliament's records")
        ordering = ["name_as_listed"]

    def __str__(self):
        return f"{self.name_as_listed} ({self.parliament_id})"


class MotionRecord(models.Model):
    """A Motion as Parliament's Early Day Motions API knows it."""

    motion = models.OneToOneField(
        Motion, on_delete=models.CASCADE, related_name="parliament_record", verbose_name=_("motion")
    )
    parliament_id = models.PositiveIntegerField(
        unique=True, help_text=_("The motion's Id in Parliament's Early Day Motions API."), verbose_name=_("EDM id")
    )
    imported_at = models.DateTimeField(verbose_name=_("imported at"))

    class Meta:
        verbose_name = _("Early Day Motion's record")
        verbose_name_plural = _("Early Day Motions' records")
        ordering = ["-parliament_id"]

    def __str__(self):
        return f"EDM {self.parliament_id}"


class ParliamentImport(models.Model):
    """One file imported: who, when, what kind, and the report staff read afterwards."""

    class Kind(models.TextChoices):
        MEMBERS = "members", _("Members (Members API)")
        EDM_SIGNATURES = "edm_signatures", _("Early Day Motion signatures (EDM API)")
        BACKERS = "backers", _("Backers (CSV)")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    file_name = models.CharField(max_length=255, blank=True, verbose_name=_("file name"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("imported at"))
    succeeded = models.BooleanField(default=False, verbose_name=_("succeeded"))
    problem = models.TextField(
        blank=True, help_text=_("Why nothing was imported, when nothing was."), verbose_name=_("problem")
    )
    created_count = models.PositiveIntegerField(default=0, verbose_name=_("created"))
    updated_count = models.PositiveIntegerField(default=0, verbose_name=_("updated"))
    unchanged_count = models.PositiveIntegerField(default=0, verbose_name=_("unchanged"))
    unmatched_count = models.PositiveIntegerField(default=0, verbose_name=_("not matched"))
    # [{"line": "…", "outcome": "created|updated|unchanged|unmatched|error", "message": "…"}, …]
    rows = models.JSONField(default=list, blank=True, verbose_name=_("rows"))

    class Meta:
        verbose_name = _("import of Parliament's data")
        verbose_name_plural = _("imports of Parliament's data")
        ordering = ["-created_at"]
        permissions = [("import_parliament_data", _("Can import Parliament's data and backers"))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
