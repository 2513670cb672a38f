"""What is campaign-wide: the organisations we deal with and the campaigns that group our work."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .validators import validate_single_line


class Organisation(models.Model):
    """Any body a person belongs to or a call is addressed to: our own organisation, a movement,
    a union, a professional body, a government or an intergovernmental body such as the UN."""

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("Campaigning organisation")
        MOVEMENT = "movement", _("Political movement")
        PARTY = "party", _("Political party")
        TRADE_UNION = "trade_union", _("Trade union")
        PROFESSIONAL_BODY = "professional_body", _("Professional body")
        NGO = "ngo", _("Non-governmental organisation")
        GOVERNMENT = "government", _("Government")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        ACADEMIC = "academic", _("University or research body")
        OTHER = "other", _("Other")

    # Signs the site's mail ("From: <name>"): one line.
    name = models.CharField(max_length=200, unique=True, validators=[validate_single_line], verbose_name=_("name"))
    short_name = models.CharField(
        max_length=40, blank=True, help_text=_("e.g. NCRI, TUC, UNSC"), verbose_name=_("short name")
    )
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER, verbose_name=_("kind"))
    country = CountryField(blank=True, help_text=_("Leave empty for international bodies."), verbose_name=_("country"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    runs_this_site = models.BooleanField(
        default=False,
        help_text=_("The organisation whose name heads the public site and signs its mail."),
        verbose_name=_("runs this site"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # Exactly one organisation can head the site; several would make headers ambiguous.
            models.UniqueConstraint(
                fields=["runs_this_site"],
                condition=models.Q(runs_this_site=True),
                name="organisation_one_runs_this_site",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class CampaignQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Campaign(models.Model):
    """A cause that groups events, recommendations, petitions and mailings."""

    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("organisation")
    )
    summary = models.TextField(
        help_text=_("One or two sentences shown wherever the campaign is listed."), verbose_name=_("summary")
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    started_on = models.DateField(null=True, blank=True, verbose_name=_("started on"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaign:home") + f"#campaign-{self.slug}"
