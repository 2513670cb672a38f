"""Parliamentary constituencies and the postcodes in them, loaded from the ONS Postcode Directory
(`manage.py load_postcodes`), so that a supporter's postcode is looked up on our own server.

A seat (`people.ParliamentaryRole`) names its constituency as text; a constituency here is matched
to it by name (`services.current_mp`), the ONS code being what ties postcodes to constituencies.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Constituency(models.Model):
    class Nation(models.TextChoices):
        # The first letter of every ONS area code says which nation it is in.
        ENGLAND = "E", _("England")
        WALES = "W", _("Wales")
        SCOTLAND = "S", _("Scotland")
        NORTHERN_IRELAND = "N", _("Northern Ireland")

    ons_code = models.CharField(
        max_length=9, unique=True, help_text=_("The ONS code, e.g. E14001063."), verbose_name=_("ONS code")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    nation = models.CharField(max_length=1, choices=Nation.choices, blank=True, verbose_name=_("nation"))

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["name"]
        indexes = [
            # current_mp and the supporter's "pick your constituency by name" match on the name.
            models.Index(fields=["name"], name="constituency_name_idx"),
        ]

    def __str__(self):
        return self.name or self.ons_code

    @classmethod
    def nation_of(cls, ons_code):
        letter = (ons_code or "")[:1].upper()
        return letter if letter in cls.Nation.values else ""


class PostcodeConstituency(models.Model):
    """A postcode in a constituency. A postcode with several rows straddles constituencies: the
    supporter is asked which one is theirs."""

    postcode = models.CharField(
        max_length=8, help_text=_("Upper case, without spaces: SW1A0AA."), verbose_name=_("postcode")
    )
    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="postcodes", verbose_name=_("constituency")
    )

    class Meta:
        verbose_name = _("postcode in a constituency")
        verbose_name_plural = _("postcodes in constituencies")
        ordering = ["postcode"]
        constraints = [
            # Its index (postcode first) serves constituencies_for_postcode and the count by constituency.
            models.UniqueConstraint(fields=["postcode", "constituency"], name="postcode_constituency_unique"),
        ]

    def __str__(self):
        return self.postcode
