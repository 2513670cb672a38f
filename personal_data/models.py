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

VIEW_PERSONAL_DATA = "personal_data.view_personal_data"


class PersonalDataAccess(models.Model):
    class Kind(models.TextChoices):
        REVEAL = "reveal", "Viewed"
        EXPORT = "export", "Exported"

    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150, help_text="Kept if the account is deleted.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True, help_text="Empty for an export of many rows.")
    what = models.CharField(max_length=300, help_text="Which fields, or which export.")
    rows = models.PositiveIntegerField(null=True, blank=True, help_text="How many rows an export held.")
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "personal data access"
        verbose_name_plural = "personal data access log"
        ordering = ["-at", "-id"]
        permissions = [("view_personal_data", "Can view supporters' personal data (addresses, postcodes, IPs)")]
        indexes = [
            # The log page lists the latest first; "who saw this person" filters by object.
            models.Index(fields=["-at"], name="personal_data_access_at_idx"),
            models.Index(fields=["content_type", "object_id"], name="personal_data_access_obj_idx"),
        ]

    def __str__(self):
        return f"{self.username} {self.get_kind_display().lower()} {self.what} ({self.at:%Y-%m-%d %H:%M})"
