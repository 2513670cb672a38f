"""Who an audience reaches, and who it leaves out and why.

An audience is a set of criteria (`Criteria`): which people it matches, before the rules of mail.
The rules then leave out whoever has no address, has unsubscribed or bounced, or (for supporters)
never subscribed. Staff see both before anything is sent: the audience form shows its reach as the
criteria change (before saving), and scheduling a mailing shows it again for confirmation.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from constituencies.services import mps_whose_constituents_signed
from people.models import Person
from petitions.models import Signature

SAMPLE_SIZE = 10


@dataclass(frozen=True)
class Criteria:
    kind: str
    signed_petitions: tuple = ()
    took_part_in: tuple = ()
    tags: tuple = ()
    countries: tuple = ()
    chosen_people: tuple = ()
    only_chosen_people: bool = False
    legislatures: tuple = ()
    parties: tuple = ()
    standing: str = "current"
    constituents_signed: tuple = ()
    registered_for: tuple = ()
    attendance: str = "registered"

    @classmethod
    def from_audience(cls, audience):
        def ids(relation):
            return tuple(relation.values_list("pk", flat=True)) if audience.pk else ()

        return cls(
            kind=audience.kind,
            signed_petitions=ids(audience.signed_petitions),
            took_part_in=ids(audience.took_part_in),
            tags=ids(audience.tags),
            countries=tuple(str(country) for country in audience.countries),
            chosen_people=ids(audience.chosen_people),
            only_chosen_people=audience.only_chosen_people,
            legislatures=ids(audience.legislatures),
            parties=ids(audience.parties),
            standing=audience.standing,
            constituents_signed=ids(audience.constituents_signed),
            registered_for=ids(audience.registered_for),
            attendance=audience.attendance,
        )

    @classmethod
    def from_form_data(cls, data):
        """From the audience form as it stands (a QueryDict), ignoring what is not a valid choice."""

        def ids(name):
            return tuple(int(value) for value in data.getlist(name) if value.isascii() and value.isdecimal())

        kind = (
            data.get("kind") if data.get("kind") in ("supporters", "parliamentarians", "registrants") else "supporters"
        )
        standing = data.get("standing") if data.get("standing") in ("any", "current", "former") else "current"
        attendance = data.get("attendance")
        attendance = attendance if attendance in ("registered", "attended", "absent") else "registered"
        return cls(
            kind=kind,
            signed_petitions=ids("signed_petitions"),
            took_part_in=ids("took_part_in"),
            tags=ids("tags"),
            countries=tuple(value for value in data.getlist("countries") if len(value) == 2 and value.isalpha()),
            chosen_people=ids("chosen_people"),
            only_chosen_people=data.get("only_chosen_people") in ("on", "true", "1"),
            legislatures=ids("legislatures"),
            parties=ids("parties"),
            standing=standing,
            constituents_signed=ids("constituents_signed"),
            registered_for=ids("registered_for"),
            attendance=attendance,
        )

    @property
    def is_supporters(self):
        return self.kind == "supporters"

    def roles(self, standing=None):
        standing = standing or self.standing
        roles = Q(parliamentary_roles__isnull=False)
        if standing != "any":
            roles &= Q(parliamentary_roles__is_current=standing == "current")
        if self.legislatures:
            roles &= Q(parliamentary_roles__legislature__in=self.legislatures)
        if self.parties:
            roles &= Q(parliamentary_roles__party__in=self.parties)
        return roles

    def matching(self, standing=None):
        """The people the criteria select, before the rules of mail (address, consent)."""
        people = Person.objects.all()
        if self.kind == "registrants":
            people = people.filter(pk__in=self.registrants().values("person_id"))
        elif self.is_supporters:
            if self.signed_petitions:
                people = people.filter(
                    pk__in=Signature.objects.filter(
                        petition__in=self.signed_petitions, status=Signature.Status.VALIDATED
                    ).values("person_id")
                )
        else:
            people = people.filter(pk__in=Person.objects.filter(self.roles(standing)).values("pk"))
            if self.constituents_signed:
                people = people.filter(pk__in=mps_whose_constituents_signed(self.constituents_signed))
        if self.took_part_in:
            took_part = Person.objects.filter(participations__event__in=self.took_part_in)
            people = people.filter(pk__in=took_part.values("pk"))
        if self.tags:
            people = people.filter(pk__in=Person.objects.filter(tags__in=self.tags).values("pk"))
        if self.countries:
            people = people.filter(country__in=self.countries)
        if self.chosen_people or self.only_chosen_people:
            # An audience of named people whose people were all erased reaches nobody, not everyone.
            people = people.filter(pk__in=self.chosen_people)
        return people

    def registrants(self):
        """The registrations a "registrants" audience reaches: none until it names an event."""
        from registrations.models import Registrant

        registrants = Registrant.objects.filter(event__in=self.registered_for, person__isnull=False)
        if self.attendance == "attended":
            return registrants.filter(attended_at__isnull=False)
        held_a_place = registrants.filter(status=Registrant.Status.CONFIRMED)
        if self.attendance == "absent":
            return held_a_place.filter(attended_at__isnull=True)
        return registrants.filter(status__in=[Registrant.Status.CONFIRMED, Registrant.Status.WAITING])

    def may_be_written_to(self):
        """The rules of mail, as a condition on people."""
        condition = Q(email__isnull=False) & ~Q(
            email_consent__in=[Person.EmailConsent.UNSUBSCRIBED, Person.EmailConsent.BOUNCED]
        )
        if self.is_supporters:
            condition &= Q(email_consent=Person.EmailConsent.SUBSCRIBED)
        return condition

    def people(self):
        """Who a mailing to this audience goes to now."""
        return self.matching().filter(self.may_be_written_to())


@dataclass
class Reach:
    recipients: int
    matched: int
    no_address: int
    unsubscribed: int
    bounced: int
    not_subscribed: int
    former: int
    sample: list = field(default_factory=list)
    languages: dict = field(default_factory=dict)

    @property
    def left_out(self):
        return self.matched - self.recipients


def audience_reach(criteria):
    """How many a mailing to `criteria` reaches now, and how many it leaves out, by reason."""
    Consent = Person.EmailConsent
    has_address = Q(email__isnull=False)
    counts = criteria.matching().aggregate(
        matched=Count("pk"),
        no_address=Count("pk", filter=~has_address),
        unsubscribed=Count("pk", filter=has_address & Q(email_consent=Consent.UNSUBSCRIBED)),
        bounced=Count("pk", filter=has_address & Q(email_consent=Consent.BOUNCED)),
        not_subscribed=Count(
            "pk", filter=has_address & Q(email_consent=Consent.UNKNOWN) if criteria.is_supporters else Q(pk=None)
        ),
        recipients=Count("pk", filter=criteria.may_be_written_to()),
    )
    former = 0
    if not criteria.is_supporters and criteria.standing == "current":
        # Members who sat for these houses and parties but sit no longer: left out by "current only".
        former = criteria.matching(standing="former").exclude(pk__in=criteria.matching().values("pk")).count()
    people = criteria.people()
    sample = list(people.order_by("family_name", "given_name")[:SAMPLE_SIZE])
    languages = {}
    if any(f.name == "language" for f in Person._meta.concrete_fields):
        languages = dict(people.values_list("language").annotate(n=Count("pk")).order_by())
    return Reach(former=former, sample=sample, languages=languages, **counts)
