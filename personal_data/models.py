"""The record of who saw or took supporters' personal data, and the permission that allows it.

`personal_data.view_personal_data` is held by superusers and by staff given it one by one (no
group has it): they may reveal a supporter's full email address, postcode and IP address on an
admin page, and every reveal and every export is a row here. Rows name objects by type and id,
never by name or address, so that erasing a person leaves nothing of them in this log.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VIEW_PERSONAL_DATA = "personal_data.view_personal_data"


class PersonalDataAccess(models.Model):
    class Kind(models.TextChoices):
        REVEAL = "reveal", _("Viewed")
        EXPORT = "export", _("Exported")

    at = models.DateTimeField(default=timezone.now, verbose_name=_("at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(
        max_length=150, help_text=_("Kept if the account is deleted."), verbose_name=_("username")
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, verbose_name=_("kind"))
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(
        max_length=64, blank=True, help_text=_("Empty for an export of many rows."), verbose_name=_("object id")
    )
    what = models.CharField(max_length=300, help_text=_("Which fields, or which export."), verbose_name=_("what"))
    rows = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("How many rows an export held."), verbose_name=_("rows")
    )
    reason = models.CharField(max_length=500, blank=True, verbose_name=_("reason"))

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-id"]
        permissions = [("view_personal_data", "Can view supporters' personal data (addresses, postcodes, IPs)")]
        indexes = [
            # The log page lists the latest first; "who saw this person" filters by object.
            models.Index(fields=["-at"], name="personal_data_access_at_idx"),
            models.Index(fields=["content_type", "object_id"], name="personal_data_access_obj_idx"),
        ]

    def __str__(self):
        return f"{self.username} {self.get_kind_display().lower()} {self.what} ({self.at:%Y-%m-%d %H:%M})"
