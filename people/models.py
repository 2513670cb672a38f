"""People: one row per human, whatever part they play (supporter, signer, speaker, parliamentarian),
with the parliamentary roles, offices and affiliations that say who they are, and a record of their
consent to email."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from campaign.models import Organisation
from campaign.validators import validate_single_line

from .names import formal_salutation

# Peers are known by title, not given name: "Lord Maginnis of Drumglass", never "Lord Ken Maginnis".
PEERAGE_STYLES = {"Lord", "Lady", "Baroness", "Viscount", "Viscountess", "Earl", "Countess", "Marquess", "Duke"}


class Legislature(models.Model):
    """A parliament or one of its houses: House of Commons, House of Lords, Seanad Éireann, Seimas…"""

    class Kind(models.TextChoices):
        LOWER = "lower", "Lower house"
        UPPER = "upper", "Upper house"
        UNICAMERAL = "unicameral", "Unicameral parliament"
        SUPRANATIONAL = "supranational", "Supranational parliament"
        DEVOLVED = "devolved", "Devolved or regional parliament"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    country = CountryField(blank=True, help_text="Leave empty for the European Parliament and the like.")
    member_title = models.CharField(
        max_length=40, blank=True, help_text="What a member is called: MP, Peer, Senator, MEP…"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Party(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    country = CountryField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="party_unique_name_country")]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(profile_is_public=True)

    def parliamentarians(self, *, current=None):
        roles = ParliamentaryRole.objects.all()
        if current is not None:
            roles = roles.filter(is_current=current)
        return self.filter(pk__in=roles.values("person_id"))


class Person(models.Model):
    """A human being. Unique by email address where one is known (compared without case)."""

    class EmailConsent(models.TextChoices):
        UNKNOWN = "unknown", "Never asked"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Address bounced"

    honorific = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_single_line],
        help_text="As written before the name: Rt Hon, Rt Hon Sir, Lord, Dr, Mrs…",
    )
    given_name = models.CharField(max_length=100, blank=True, validators=[validate_single_line])
    family_name = models.CharField(max_length=100, validators=[validate_single_line])
    territorial_designation = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_single_line],
        help_text="For peers, the part after the name: 'of Drumglass'.",
    )
    post_nominals = models.CharField(
        max_length=60, blank=True, validators=[validate_single_line], help_text="MP, QC (Hon), KC, MEP…"
    )
    salutation_title = models.CharField(
        max_length=30,
        blank=True,
        validators=[validate_single_line],
        help_text="Title for a letter when the honorific gives none, e.g. Ms for 'Rt Hon Theresa Villiers'.",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="A short line: 'human rights lawyer', 'university professor'."
    )
    bio = models.TextField(blank=True)
    country = CountryField(blank=True)
    email = models.EmailField(null=True, blank=True)
    postcode = models.CharField(max_length=16, blank=True)
    tags = models.ManyToManyField("people.Tag", blank=True, related_name="people")
    profile_is_public = models.BooleanField(
        default=False, help_text="Speakers are public; supporters and signers never are unless they agree."
    )
    email_consent = models.CharField(
        max_length=16, choices=EmailConsent.choices, default=EmailConsent.UNKNOWN, editable=False
    )
    email_consent_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Names the person in links sent by mail (unsubscribe), so that no link reveals a row id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        permissions = [
            ("import_person", "Can import people from CSV"),
            ("export_person", "Can export people with their personal data"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(email__isnull=False),
                name="person_unique_email_ci",
                violation_error_message="A person with this email address already exists.",
            ),
            models.CheckConstraint(condition=~models.Q(family_name=""), name="person_family_name_not_empty"),
        ]
        indexes = [
            # The admin searches and sorts people by name.
            models.Index(fields=["family_name", "given_name"], name="person_name_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # An empty address from a form means "unknown"; NULL keeps the unique constraint for real addresses.
        self.email = self.email.strip().lower() if self.email else None
        super().save(*args, **kwargs)

    @property
    def name(self):
        """Given and family name, no titles: 'Roger Gale'."""
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def full_name(self):
        """The name as a press release prints it: 'Rt Hon Sir Roger Gale MP', 'Lord Maginnis of Drumglass'."""
        name = self.family_name if self.is_peer_styled else self.name
        parts = [self.honorific, name, self.territorial_designation, self.post_nominals]
        return " ".join(part for part in parts if part)

    @property
    def is_named_in_public(self):
        """Whether public pages may print this person's name: when their profile is public, or
        when they are a parliamentarian (who act in public). Reads parliamentary_roles.all(), so
        pages prefetch it."""
        return self.profile_is_public or bool(self.parliamentary_roles.all())

    @property
    def is_peer_styled(self):
        return bool(set(self.honorific.split()) & PEERAGE_STYLES)

    def formal_salutation(self):
        """What follows "Dear" in a letter: 'Sir Roger', 'Lord Maginnis', 'Ms Villiers' (people/names.py)."""
        return formal_salutation(
            honorific=self.honorific,
            given_name=self.given_name,
            family_name=self.family_name,
            salutation_title=self.salutation_title,
        )

    def get_admin_url(self):
        return reverse("admin:people_person_change", args=[self.pk])


class Tag(models.Model):
    """A label staff put on people to find them again: 'donor', 'volunteer', 'press'."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ParliamentaryRole(models.Model):
    """A seat a person holds or held: an MP for a constituency, a Peer, a Senator, an MEP."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parliamentary_roles")
    legislature = models.ForeignKey(Legislature, on_delete=models.PROTECT, related_name="roles")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="roles")
    constituency = models.CharField(max_length=200, blank=True)
    is_current = models.BooleanField(default=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_current", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="parliamentary_role_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~(models.Q(is_current=True) & models.Q(ended_on__isnull=False)),
                name="parliamentary_role_current_has_no_end",
            ),
        ]
        indexes = [models.Index(fields=["legislature", "is_current"], name="role_legislature_current_idx")]

    def __str__(self):
        member = self.legislature.member_title or f"Member of the {self.legislature}"
        text = member if self.is_current else f"former {member}"
        if self.party_id:
            text = f"{text} ({self.party})"
        if self.constituency:
            text = f"{text} for {self.constituency}"
        return text


class Office(models.Model):
    """A position a person holds or held in government, parliament or elsewhere, as printed:
    'Secretary of State for Northern Ireland', 'deputy chairman of the Foreign Affairs Committee'."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(max_length=255)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    legislature = models.ForeignKey(
        Legislature, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    is_current = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        text = self.title if self.is_current else f"former {self.title}"
        where = self.legislature or self.organisation
        if where and str(where) not in self.title:
            text = f"{text}, {where}"
        return text


class Affiliation(models.Model):
    """A person's link to an organisation: 'UK Representative' of the NCRI, 'former president' of the TUC."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="affiliations")
    position = models.CharField(max_length=200, blank=True, help_text="e.g. President-elect, Coordinator")
    is_current = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation", "position"], name="affiliation_unique_position")
        ]

    def __str__(self):
        position = self.position or "member"
        if not self.is_current:
            position = f"former {position}"
        return f"{position}, {self.organisation.display_name}"


class ConsentChange(models.Model):
    """One change to a person's email consent, kept for the record: when, how, and what they were shown."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_changes")
    status = models.CharField(max_length=16, choices=Person.EmailConsent.choices)
    changed_at = models.DateTimeField()
    source = models.CharField(
        max_length=200, help_text="Where it was given or withdrawn: a petition form, an unsubscribe link, staff."
    )
    wording = models.TextField(blank=True, help_text="The words the person agreed to, as shown to them.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member of staff who recorded it (a consent given by phone, letter or in person).",
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["person", "-changed_at"], name="consent_person_changed_idx")]

    def __str__(self):
        return f"{self.get_status_display()} on {self.changed_at:%Y-%m-%d %H:%M} via {self.source}"
