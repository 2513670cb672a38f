"""What is campaign-wide: the organisations we deal with and the campaigns that group our work."""

from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField

from .validators import validate_single_line


class Organisation(models.Model):
    """Any body a person belongs to or a call is addressed to: our own organisation, a movement,
    a union, a professional body, a government or an intergovernmental body such as the UN."""

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", "Campaigning organisation"
        MOVEMENT = "movement", "Political movement"
        PARTY = "party", "Political party"
        TRADE_UNION = "trade_union", "Trade union"
        PROFESSIONAL_BODY = "professional_body", "Professional body"
        NGO = "ngo", "Non-governmental organisation"
        GOVERNMENT = "government", "Government"
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
        ACADEMIC = "academic", "University or research body"
        OTHER = "other", "Other"

    # Signs the site's mail ("From: <name>"): one line.
    name = models.CharField(max_length=200, unique=True, validators=[validate_single_line])
    short_name = models.CharField(max_length=40, blank=True, help_text="e.g. NCRI, TUC, UNSC")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(blank=True, help_text="Leave empty for international bodies.")
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    runs_this_site = models.BooleanField(
        default=False, help_text="The organisation whose name heads the public site and signs its mail."
    )

    class Meta:
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

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="campaigns")
    summary = models.TextField(help_text="One or two sentences shown wherever the campaign is listed.")
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    started_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaign:home") + f"#campaign-{self.slug}"
