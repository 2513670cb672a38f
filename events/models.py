"""Events: conferences and meetings, who took part in what role, and what they said."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language

from campaign.languages import default_language, language_choices
from campaign.models import Campaign, Organisation
from campaign.validators import validate_single_line
from people.models import Person

from .credentials import participant_credentials


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone name such as Europe/London.") % {"value": value})


# Pages put their own quotation marks around a statement; those pasted with the words are dropped.
QUOTATION_MARKS = "\"'“”‘’„‟«»‹›"


def strip_quotation_marks(words):
    """'“““They must be held to account.”””' → 'They must be held to account.' (every quotation mark
    around the words, and the spaces; none inside)."""
    words = words.strip()
    while len(words) >= 2 and words[0] in QUOTATION_MARKS and words[-1] in QUOTATION_MARKS:
        words = words[1:-1].strip()
    return words


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)


class Event(models.Model):
    class Kind(models.TextChoices):
        # The wording each kind's page uses is in events/services.py (KIND_WORDING).
        CONFERENCE = "conference", _("Conference")
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        BRIEFING = "briefing", _("Briefing")
        MEETING = "meeting", _("Meeting")
        EXHIBITION = "exhibition", _("Exhibition")
        VIGIL = "vigil", _("Vigil")
        RALLY = "rally", _("Rally")

    class Format(models.TextChoices):
        VIRTUAL = "virtual", _("Virtual")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events", verbose_name=_("campaign"))
    title = models.CharField(max_length=255, validators=[validate_single_line], verbose_name=_("title"))
    slug = models.SlugField(max_length=255, unique=True, verbose_name=_("slug"))
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.CONFERENCE, verbose_name=_("kind of event")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    start_time_is_known = models.BooleanField(
        default=True,
        help_text=_("Untick when only the date has been announced: pages then show no time."),
        verbose_name=_("start time is known"),
    )
    time_to_be_announced = models.BooleanField(
        default=False,
        help_text=_("When the time is not known yet: pages say it will be announced."),
        verbose_name=_("time to be announced"),
    )
    ends_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ends at"))
    time_zone = models.CharField(
        max_length=64,
        default="Europe/London",
        validators=[validate_time_zone],
        help_text=_("Where the event happens (or is hosted, if virtual): times are shown in this zone."),
        verbose_name=_("time zone"),
    )
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.IN_PERSON, verbose_name=_("format"))
    venue = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Place and address, for in-person events. Leave empty until it is announced."),
        verbose_name=_("venue"),
    )
    online_url = models.URLField(
        blank=True, help_text=_("Joining or recording link, for virtual events."), verbose_name=_("online url")
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
        help_text=_("Leave empty when unknown."),
        verbose_name=_("organiser"),
    )
    headline = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The call the event made, as a press release headline."),
        verbose_name=_("headline"),
    )
    summary = models.TextField(help_text=_("A paragraph for listings and link previews."), verbose_name=_("summary"))
    body = models.TextField(blank=True, help_text=_("The full account of the event."), verbose_name=_("body"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = EventQuerySet.as_manager()

    # Title, headline, summary and body have a version per language, and every change is kept
    # (django-simple-history): both registered in events/translation.py.

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~(models.Q(start_time_is_known=True) & models.Q(time_to_be_announced=True)),
                name="event_known_time_is_not_to_be_announced",
            ),
        ]
        indexes = [models.Index(fields=["status", "-starts_at"], name="event_status_starts_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        if self.start_time_is_known and self.time_to_be_announced:
            raise ValidationError({"time_to_be_announced": _("The time is known: it is not to be announced.")})

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    @property
    def chairs(self):
        return [p for p in self.participants.all() if p.role == Participant.Role.CHAIR]


class Participant(models.Model):
    """Someone's part in an event, in the order the programme lists them. Someone is one of:

    - a person (`person`);
    - an organisation taking part as such (`organisation`): a law society, a bar committee;
    - a witness whose name is withheld (neither; `withheld_as` says who they are in general terms,
      "A former political prisoner"): no Person row is made for them, so they are in no list of
      people, no autocomplete and no outreach audience;
    - with the role "Quoted, not present": a person or organisation whose words, said elsewhere, the
      event quoted (their statements say where, when, and the source).
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SPEAKER = "speaker", _("Speaker")
        TESTIMONY = "testimony", _("Gave testimony")
        MESSAGE = "message", _("Sent a message")
        PANELLIST = "panellist", _("Panellist")
        ATTENDEE = "attendee", _("Attendee")
        QUOTED = "quoted", _("Quoted, not present")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event"))
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("An organisation taking part as such. Leave the person empty."),
        verbose_name=_("organisation"),
    )
    withheld_as = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "For a participant whose name is withheld, leave person and organisation empty and say who they "
            "are in general terms: 'A former political prisoner'. Nothing that could identify them."
        ),
        verbose_name=_("name withheld: described as"),
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.SPEAKER, verbose_name=_("role"))
    spoke_as = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The title they spoke under at this event: 'NCRI President-elect'."),
        verbose_name=_("spoke as"),
    )
    name_as_printed = models.CharField(
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_("Only to print exactly the release's words: leave empty to print the name as it was on the day."),
        verbose_name=_("name as printed"),
    )
    credentials_as_printed = models.TextField(
        blank=True,
        help_text=_(
            "Only to print exactly the release's words, one line each: replaces the seats, offices and "
            "affiliations the page would print as they were on the day."
        ),
        verbose_name=_("credentials as printed"),
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    # Which version of the person an event recorded after the fact prints (events/credentials.py).
    recorded_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name=_("recorded at"))

    # `spoke_as` and the "as printed" texts have a version per language; history is kept
    # (events/translation.py).

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "role"], name="participant_unique_role"),
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(organisation__isnull=True),
                name="participant_person_or_organisation",
                violation_error_message=_("A participant is a person or an organisation, not both."),
            ),
        ]

    def __str__(self):
        return f"{self.who} ({self.get_role_display().lower()}, {self.event})"

    @property
    def who(self):
        """A label for staff: the person's name, the organisation's, or the withheld description."""
        if self.person_id:
            return self.person.full_name
        if self.organisation_id:
            return self.organisation.name
        return _("%(description)s (name withheld)") % {"description": self.withheld_as or _("A participant")}

    def clean(self):
        if self.person_id and self.organisation_id:
            raise ValidationError(_("A participant is a person or an organisation, not both."))
        if self.role == self.Role.QUOTED and not (self.person_id or self.organisation_id):
            raise ValidationError(_("Someone quoted who was not present is a person or an organisation."))
        described = any(
            (getattr(self, build_localized_fieldname("withheld_as", code), "") or "").strip()
            for code, _name in settings.LANGUAGES
        )
        if not self.person_id and not self.organisation_id and not described:
            raise ValidationError(
                _(
                    "Choose a person or an organisation, or, to withhold the name, describe the "
                    "participant in general terms."
                )
            )

    def credentials(self):
        """What pages print about this participant, as on the day of the event: a
        events.credentials.Credentials (name as printed, seats, offices, affiliations…). The one
        entry point for every page and document that presents a participant; see
        events/credentials.py for the rules. Computed once per instance."""
        if not hasattr(self, "_credentials"):
            self._credentials = participant_credentials(self)
        return self._credentials


class Statement(models.Model):
    """Something a participant said at an event, quoted as published.

    It names its event as well as its participant so that staff edit an event's quotes on the event's
    own page; `clean` keeps the two in step.

    `text` holds the words as spoken, in the language they were spoken in (`language`: a testimony
    given in Persian stays in Persian); `translation` holds them in each other language (one column
    per language, events/translation.py). A page in the statement's own language shows the words as
    spoken; a page in another language shows the translation into it, with the words as spoken
    beside it, or the words as spoken with a note while no translation is written.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="statements", verbose_name=_("event"))
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="statements", verbose_name=_("participant")
    )
    text = models.TextField(
        help_text=_("The words as spoken, in the language they were spoken in."), verbose_name=_("text")
    )
    language = models.CharField(
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=_("The language the words were spoken in."),
        verbose_name=_("language"),
    )
    translation = models.TextField(
        blank=True,
        help_text=_("The words in another language, for its readers. Leave the statement's own language empty."),
        verbose_name=_("translation"),
    )
    context = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("How it was said: 'in a message to the conference'."),
        verbose_name=_("context"),
    )
    said_where = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("For words said elsewhere: 'at the UN Human Rights Council in Geneva'."),
        verbose_name=_("said where"),
    )
    said_on = models.DateField(
        null=True, blank=True, help_text=_("For words said elsewhere: the day."), verbose_name=_("said on")
    )
    source_url = models.URLField(
        blank=True, help_text=_("Where the words were published: a link to check them."), verbose_name=_("source")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    # `translation`, `context` and `said_where` have a version per language; history is kept
    # (events/translation.py).

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.participant.who}: “{self.text[:60]}…”"

    def save(self, *args, **kwargs):
        for name in ("text", *(build_localized_fieldname("translation", code) for code, _n in settings.LANGUAGES)):
            setattr(self, name, strip_quotation_marks(getattr(self, name, "") or ""))
        super().save(*args, **kwargs)

    def clean(self):
        if self.participant_id and self.event_id and self.participant.event_id != self.event_id:
            raise ValidationError({"participant": _("This person is not a participant of this event.")})

    def version_for(self, language):
        """(words, their language) that a page in `language` shows: the words as spoken in their own
        language, else their translation into `language`, else the words as spoken."""
        if language != self.language:
            translated = getattr(self, build_localized_fieldname("translation", language), "") or ""
            if translated.strip():
                return translated, language
        return self.text, self.language

    @property
    def shown_text(self):
        return self.version_for(get_language())[0]

    @property
    def shown_language(self):
        return self.version_for(get_language())[1]

    @property
    def shows_translation(self):
        """Whether the page shows a translation (and so offers the words as spoken beside it)."""
        return self.shown_language != self.language
