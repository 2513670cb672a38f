"""People: one row per human, whatever part they play (supporter, signer, speaker, parliamentarian),
with the parliamentary roles, offices and affiliations that say who they are, and a record of their
consent to email."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from campaign.languages import default_language, language_choices
from campaign.models import Organisation
from campaign.validators import validate_single_line

from .names import formal_salutation, salutation_in

# Peers are known by title, not given name: "Lord Maginnis of Drumglass", never "Lord Ken Maginnis".
PEERAGE_STYLES = {"Lord", "Lady", "Baroness", "Viscount", "Viscountess", "Earl", "Countess", "Marquess", "Duke"}


class Legislature(models.Model):
    """A parliament or one of its houses: House of Commons, House of Lords, Seanad Éireann, Seimas…"""

    class Kind(models.TextChoices):
        LOWER = "lower", _("Lower house")
        UPPER = "upper", _("Upper house")
        UNICAMERAL = "unicameral", _("Unicameral parliament")
        SUPRANATIONAL = "supranational", _("Supranational parliament")
        DEVOLVED = "devolved", _("Devolved or regional parliament")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    country = CountryField(
        blank=True, help_text=_("Leave empty for the European Parliament and the like."), verbose_name=_("country")
    )
    member_title = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("What a member is called: MP, Peer, Senator, MEP…"),
        verbose_name=_("member title"),
    )

    class Meta:
        verbose_name = _("legislature")
        verbose_name_plural = _("legislatures")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Party(models.Model):
    name = models.CharField(max_length=200, verbose_name=_("name"))
    short_name = models.CharField(max_length=40, blank=True, verbose_name=_("short name"))
    country = CountryField(blank=True, verbose_name=_("country"))

    class Meta:
        verbose_name = _("party")
        ordering = ["name"]
        verbose_name_plural = _("parties")
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
        UNKNOWN = "unknown", _("Never asked")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address bounced")

    honorific = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_single_line],
        help_text=_("As written before the name: Rt Hon, Rt Hon Sir, Lord, Dr, Mrs…"),
        verbose_name=_("honorific"),
    )
    given_name = models.CharField(
        max_length=100, blank=True, validators=[validate_single_line], verbose_name=_("given name")
    )
    family_name = models.CharField(max_length=100, validators=[validate_single_line], verbose_name=_("family name"))
    territorial_designation = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_single_line],
        help_text=_("For peers, the part after the name: 'of Drumglass'."),
        verbose_name=_("territorial designation"),
    )
    post_nominals = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_single_line],
        help_text=_("MP, QC (Hon), KC, MEP…"),
        verbose_name=_("post nominals"),
    )
    salutation_title = models.CharField(
        max_length=30,
        blank=True,
        validators=[validate_single_line],
        help_text=_("Title for a letter when the honorific gives none, e.g. Ms for 'Rt Hon Theresa Villiers'."),
        verbose_name=_("salutation title"),
    )
    description = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("A short line: 'human rights lawyer', 'university professor'."),
        verbose_name=_("description"),
    )
    bio = models.TextField(blank=True, verbose_name=_("bio"))
    country = CountryField(blank=True, verbose_name=_("country"))
    email = models.EmailField(null=True, blank=True, verbose_name=_("email"))
    postcode = models.CharField(max_length=16, blank=True, verbose_name=_("postcode"))
    language = models.CharField(
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=_("The language they read: mail goes to them in it. A signer's is the language they signed in."),
        verbose_name=_("language"),
    )
    tags = models.ManyToManyField("people.Tag", blank=True, related_name="people", verbose_name=_("tags"))
    profile_is_public = models.BooleanField(
        default=False,
        help_text=_("Speakers are public; supporters and signers never are unless they agree."),
        verbose_name=_("profile is public"),
    )
    email_consent = models.CharField(
        max_length=16,
        choices=EmailConsent.choices,
        default=EmailConsent.UNKNOWN,
        editable=False,
        verbose_name=_("email consent"),
    )
    email_consent_changed_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("email consent changed at")
    )
    # Names the person in links sent by mail (unsubscribe), so that no link reveals a row id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = PersonQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        ordering = ["family_name", "given_name"]
        verbose_name_plural = _("people")
        permissions = [
            ("import_person", "Can import people from CSV"),
            ("export_person", "Can export people with their personal data"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(email__isnull=False),
                name="person_unique_email_ci",
                violation_error_message=_("A person with this email address already exists."),
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

    def salutation_in(self, language):
        """The salutation of a letter in `language`: 'Sir Roger' in English (after "Dear"), 'جناب آقای
        Roger Gale' in Persian (the whole form of address). See people/names.py."""
        return salutation_in(
            language,
            honorific=self.honorific,
            given_name=self.given_name,
            family_name=self.family_name,
            salutation_title=self.salutation_title,
        )

    def get_admin_url(self):
        return reverse("admin:people_person_change", args=[self.pk])


class Tag(models.Model):
    """A label staff put on people to find them again: 'donor', 'volunteer', 'press'."""

    name = models.CharField(max_length=60, unique=True, verbose_name=_("name"))

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class HeldForAPeriod(models.Model):
    """Something a person holds for a while (a seat, an office, a position in an organisation), with
    the dates that let a page say what was true on a given day (`as_on`).

    `is_current` is what is true today. An item with no end date that is no longer current ended at
    a date nobody recorded: pages print it as "former" on any day. So that closing one does not
    rewrite older pages, `clean` asks for the end date when staff mark a current one as ended.
    """

    is_current = models.BooleanField(default=True, verbose_name=_("is current"))
    started_on = models.DateField(null=True, blank=True, verbose_name=_("started on"))
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("Give it when it ends, so that the pages of earlier events keep it as it was then."),
        verbose_name=_("ended on"),
    )

    class Meta:
        abstract = True

    def held_on(self, day):
        """On `day`: True if it was held then, False if it had been held before (a "former" one),
        None if it had not started yet (a page of that day does not mention it)."""
        if self.started_on and self.started_on > day:
            return None
        if self.ended_on:
            return self.ended_on >= day
        return self.is_current

    def clean(self):
        super().clean()
        if self.is_current and self.ended_on:
            raise ValidationError({"ended_on": _("Untick “is current” for one that has ended.")})
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("It cannot end before it started.")})
        if not self.is_current and not self.ended_on and self.pk:
            was_current = type(self).objects.filter(pk=self.pk, is_current=True).exists()
            if was_current:
                raise ValidationError(
                    {"ended_on": _("Give the date it ended, so that earlier events still show it as it was.")}
                )


class ParliamentaryRole(HeldForAPeriod):
    """A seat a person holds or held: an MP for a constituency, a Peer, a Senator, an MEP."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="parliamentary_roles", verbose_name=_("person")
    )
    legislature = models.ForeignKey(
        Legislature, on_delete=models.PROTECT, related_name="roles", verbose_name=_("legislature")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="roles", verbose_name=_("party")
    )
    constituency = models.CharField(max_length=200, blank=True, verbose_name=_("constituency"))

    class Meta:
        verbose_name = _("parliamentary role")
        verbose_name_plural = _("parliamentary roles")
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


class Office(HeldForAPeriod):
    """A position a person holds or held in government, parliament or elsewhere, as printed:
    'Secretary of State for Northern Ireland', 'deputy chairman of the Foreign Affairs Committee'."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices", verbose_name=_("person"))
    title = models.CharField(max_length=255, verbose_name=_("title"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("organisation"),
    )
    legislature = models.ForeignKey(
        Legislature,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("legislature"),
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="office_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~(models.Q(is_current=True) & models.Q(ended_on__isnull=False)),
                name="office_current_has_no_end",
            ),
        ]

    def __str__(self):
        text = self.title if self.is_current else f"former {self.title}"
        where = self.legislature or self.organisation
        if where and str(where) not in self.title:
            text = f"{text}, {where}"
        return text


class Affiliation(HeldForAPeriod):
    """A person's link to an organisation: 'UK Representative' of the NCRI, 'former president' of the TUC."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="affiliations", verbose_name=_("organisation")
    )
    position = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. President-elect, Coordinator"), verbose_name=_("position")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation", "position"], name="affiliation_unique_position"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="affiliation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~(models.Q(is_current=True) & models.Q(ended_on__isnull=False)),
                name="affiliation_current_has_no_end",
            ),
        ]

    def __str__(self):
        position = self.position or "member"
        if not self.is_current:
            position = f"former {position}"
        return f"{position}, {self.organisation.display_name}"


class ConsentChange(models.Model):
    """One change to a person's email consent, kept for the record: when, how, and what they were shown."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consent_changes", verbose_name=_("person")
    )
    status = models.CharField(max_length=16, choices=Person.EmailConsent.choices, verbose_name=_("status"))
    changed_at = models.DateTimeField(verbose_name=_("changed at"))
    source = models.CharField(
        max_length=200,
        help_text=_("Where it was given or withdrawn: a petition form, an unsubscribe link, staff."),
        verbose_name=_("source"),
    )
    wording = models.TextField(
        blank=True, help_text=_("The words the person agreed to, as shown to them."), verbose_name=_("wording")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("The member of staff who recorded it (a consent given by phone, letter or in person)."),
    )

    class Meta:
        verbose_name = _("consent change")
        verbose_name_plural = _("consent changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["person", "-changed_at"], name="consent_person_changed_idx")]

    def __str__(self):
        return f"{self.get_status_display()} on {self.changed_at:%Y-%m-%d %H:%M} via {self.source}"


class PersonImport(models.Model):
    """One CSV file of people, checked (a dry run) and then, when staff confirm, applied all at
    once by a worker (people/imports.py). The file itself is personal data: it is kept only until
    the import is applied, or for PEOPLE_IMPORT_KEEP_HOURS when it is not; the record of who
    imported what, when, with its counts, stays."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked: waiting for your confirmation")
        APPLYING = "applying", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")
        EXPIRED = "expired", _("Expired: the file was deleted unimported")

    class UnknownTags(models.TextChoices):
        CREATE = "create", _("Create them")
        REPORT = "report", _("Report the rows that name them as errors")

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKING, verbose_name=_("status"))
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    # The uploaded bytes, in the database rather than under MEDIA_ROOT: every web server and worker
    # reads it without a shared disk, and it goes with the row's own retention.
    content = models.BinaryField(default=b"", editable=False, verbose_name=_("content"))
    unknown_tags = models.CharField(
        max_length=8, choices=UnknownTags.choices, default=UnknownTags.REPORT, verbose_name=_("unknown tags")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    # The worker writes the errors in the language of the page the file was uploaded from.
    language = models.CharField(max_length=10, default=default_language, verbose_name=_("language"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    total_rows = models.PositiveIntegerField(default=0, verbose_name=_("rows"))
    rows_done = models.PositiveIntegerField(default=0, verbose_name=_("rows done"))
    new_count = models.PositiveIntegerField(default=0, verbose_name=_("new"))
    updated_count = models.PositiveIntegerField(default=0, verbose_name=_("updated"))
    unchanged_count = models.PositiveIntegerField(default=0, verbose_name=_("unchanged"))
    error_count = models.PositiveIntegerField(default=0, verbose_name=_("rows with errors"))
    new_tags = models.JSONField(default=list, blank=True, verbose_name=_("new tags"))
    ignored_columns = models.JSONField(default=list, blank=True, verbose_name=_("ignored columns"))
    # [{"line": 7, "errors": "…", "row": {column: cell}}]: what the error CSV is made of.
    error_rows = models.JSONField(default=list, blank=True, editable=False, verbose_name=_("error rows"))
    problem = models.TextField(blank=True, verbose_name=_("problem"))

    class Meta:
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_working(self):
        return self.status in {self.Status.CHECKING, self.Status.APPLYING}

    def status_label(self):
        if self.status == self.Status.CHECKED and self.error_count:
            return _("Checked: rows with errors, nothing can be imported")
        return self.get_status_display()

    @property
    def percent_done(self):
        if not self.total_rows:
            return 0 if self.is_working else 100
        return min(100, round(100 * self.rows_done / self.total_rows))
