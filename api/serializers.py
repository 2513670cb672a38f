"""What the open API shows of each record: public figures and public words, never a signer.

Field names follow the Open Supporter Data Interface (OSDI) where it has one (`browser_url`,
`total_signatures`, `petition_text`, `target`, `start_date`…). Names of people come only from
`Person.is_named_in_public`, as on the event page; signatures are only ever counted.
"""

import html

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import pgettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backing.services import backers_of_ask, people_not_counted
from campaign.links import absolute_url
from campaign.models import Campaign
from events.models import Event, Participant
from events.services import ROLE_HEADINGS, participants_by_role
from motions.models import Motion
from petitions.models import Petition
from petitions.views import public_counts_by_country
from recommendations.models import Recommendation


def api_url(name, slug):
    return absolute_url(reverse(f"api:{name}-detail", args=[slug]))


class TargetSerializer(serializers.Serializer):
    name = serializers.CharField()


class CountryCountSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166 code, or `other` for countries with few signatures summed.")
    signatures = serializers.IntegerField()


class AskReferenceSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(source="slug")
    status = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["identifier", "title", "status", "api_url"]

    def get_api_url(self, recommendation) -> str:
        return api_url("ask", recommendation.slug)


class ReferenceSerializer(serializers.Serializer):
    identifier = serializers.CharField()
    api_url = serializers.CharField()


def references(name, records):
    """`identifier` and `api_url` of each record, for the linked resources of a record."""
    return [{"identifier": record.slug, "api_url": api_url(name, record.slug)} for record in records]


def published_motions(record) -> list:
    """The motions linked to an event, ask or petition, from `motions` prefetched published only
    (api.views.MOTION_REFERENCES)."""
    return references("motion", record.motions.all())


class PetitionSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(source="slug")
    petition_text = serializers.CharField(source="text")
    description = serializers.CharField(source="background")
    target = serializers.SerializerMethodField()
    browser_url = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    total_signatures = serializers.IntegerField(source="signature_count")
    signatures_by_country = serializers.SerializerMethodField()
    advocacy_campaign = serializers.CharField(source="campaign.slug")
    asks = AskReferenceSerializer(source="recommendations", many=True)
    created_date = serializers.DateTimeField(source="opened_at")
    motions = serializers.SerializerMethodField(help_text="The published motions and statements linked to it.")

    class Meta:
        model = Petition
        fields = [
            "identifier",
            "title",
            "petition_text",
            "description",
            "target",
            "browser_url",
            "status",
            "total_signatures",
            "signature_goal",
            "signatures_by_country",
            "created_date",
            "closes_at",
            "advocacy_campaign",
            "asks",
            "motions",
        ]

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_motions(self, petition):
        return published_motions(petition)

    @extend_schema_field(TargetSerializer(many=True))
    def get_target(self, petition):
        return [{"name": petition.addressed_to.name}]

    def get_browser_url(self, petition) -> str:
        return absolute_url(petition.get_absolute_url())

    @extend_schema_field(serializers.ChoiceField(choices=["open", "closed"]))
    def get_status(self, petition):
        return "open" if petition.is_open() else "closed"

    @extend_schema_field(CountryCountSerializer(many=True))
    def get_signatures_by_country(self, petition):
        """From the prefetched count shards; countries under PUBLIC_COUNTRY_MIN_SIGNATURES summed as
        `other`, as on the petition's JSON feed."""
        totals = {}
        for row in petition.signature_counts.all():
            totals[row.country] = totals.get(row.country, 0) + row.count
        ordered = dict(sorted(((c, n) for c, n in totals.items() if n), key=lambda item: (-item[1], item[0])))
        return [
            {"country": country, "signatures": count} for country, count in public_counts_by_country(ordered).items()
        ]


def printed(template_name, **context):
    """A credential as the event page prints it, as plain text."""
    return " ".join(html.unescape(strip_tags(render_to_string(template_name, context))).split())


class StatementSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The words as spoken, in the language they were spoken in.")
    language = serializers.CharField(help_text="The language the words were spoken in.")
    translation = serializers.SerializerMethodField(help_text="The words in the requested language, when written.")
    context = serializers.CharField()

    def get_translation(self, statement) -> str | None:
        return statement.shown_text if statement.shows_translation else None


class ParticipantSerializer(serializers.Serializer):
    """A participant as the event page lists them (events/credentials.py: as on the day of the event,
    with staff's "as printed" words): named, with their credentials, only when they may be named in
    public; otherwise only their quotes, under "a participant (name withheld)"."""

    name = serializers.SerializerMethodField(help_text="Null when the name is withheld.")
    name_withheld = serializers.SerializerMethodField()
    spoke_as = serializers.SerializerMethodField()
    credentials = serializers.SerializerMethodField()
    statements = StatementSerializer(many=True)

    def get_name(self, participant) -> str | None:
        credentials = participant.credentials()
        return credentials.name if credentials.is_named else None

    def get_name_withheld(self, participant) -> bool:
        return not participant.credentials().is_named

    def get_spoke_as(self, participant) -> str | None:
        credentials = participant.credentials()
        return (credentials.spoke_as or None) if credentials.is_named else None

    def get_credentials(self, participant) -> list[str]:
        credentials = participant.credentials()
        if not credentials.is_named:
            return []
        separator = pgettext("list separator", ", ")
        lines = [printed("events/_parliamentary_role.html", role=r, separator=separator) for r in credentials.seats]
        lines += [printed("events/_office.html", office=o, separator=separator) for o in credentials.offices]
        lines += [
            printed("events/_affiliation.html", affiliation=a, separator=separator) for a in credentials.affiliations
        ]
        return lines + list(credentials.lines)


class ParticipantGroupSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Participant.Role.choices)
    heading = serializers.CharField()
    participants = ParticipantSerializer(many=True)
    names_withheld = serializers.IntegerField(help_text="Participants in this role who are neither named nor quoted.")


class EventSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(source="slug")
    description = serializers.CharField(source="summary")
    browser_url = serializers.SerializerMethodField()
    start_date = serializers.DateTimeField(source="starts_at")
    end_date = serializers.DateTimeField(source="ends_at")
    organiser = serializers.CharField(source="organiser.name", allow_null=True, default=None)
    advocacy_campaign = serializers.CharField(source="campaign.slug")
    participants = serializers.SerializerMethodField()
    asks = AskReferenceSerializer(source="recommendations", many=True)
    motions = serializers.SerializerMethodField(help_text="The published motions and statements linked to it.")

    class Meta:
        model = Event
        fields = [
            "identifier",
            "title",
            "headline",
            "description",
            "body",
            "browser_url",
            "start_date",
            "start_time_is_known",
            "end_date",
            "time_zone",
            "format",
            "venue",
            "online_url",
            "organiser",
            "advocacy_campaign",
            "participants",
            "asks",
            "motions",
        ]

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_motions(self, event):
        return published_motions(event)

    def get_browser_url(self, event) -> str:
        return absolute_url(event.get_absolute_url())

    @extend_schema_field(ParticipantGroupSerializer(many=True))
    def get_participants(self, event):
        """The groups the event page shows (events.services.participants_by_role), each with its role,
        found again from its heading in the language of the request."""
        role_by_heading = {str(heading): role for role, *headings in ROLE_HEADINGS for heading in headings}
        groups = [
            {
                "role": role_by_heading[str(heading)],
                "heading": str(heading),
                "participants": listed,
                "names_withheld": withheld,
            }
            for heading, listed, withheld in participants_by_role(event)
        ]
        return ParticipantGroupSerializer(groups, many=True, context=self.context).data


class BackerSerializer(serializers.Serializer):
    """A parliamentarian who backs an ask, with their seat as it was when they backed it."""

    name = serializers.CharField(source="person.full_name")
    house = serializers.CharField(source="seat.legislature.name")
    party = serializers.CharField(source="seat.party.name", default=None, allow_null=True)
    backed_on = serializers.DateField(allow_null=True, help_text="The day of their first public act of backing.")


class AskSerializer(serializers.ModelSerializer):
    """A recommendation: what is asked of whom, where it was made, how it stands and who backs it."""

    identifier = serializers.CharField(source="slug")
    status_label = serializers.CharField(source="get_status_display")
    target = serializers.SerializerMethodField()
    made_at = serializers.SerializerMethodField()
    backers = serializers.SerializerMethodField()
    backers_withheld = serializers.SerializerMethodField()
    advocacy_campaign = serializers.CharField(source="campaign.slug")
    motions = serializers.SerializerMethodField(help_text="The published motions and statements linked to it.")

    class Meta:
        model = Recommendation
        fields = [
            "identifier",
            "title",
            "call_to_action",
            "status",
            "status_label",
            "status_changed_on",
            "target",
            "made_at",
            "backers",
            "backers_withheld",
            "advocacy_campaign",
            "motions",
        ]

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_motions(self, recommendation):
        return published_motions(recommendation)

    @extend_schema_field(TargetSerializer(many=True))
    def get_target(self, recommendation):
        """Offices, people who may be named, then bodies, as the pages print them."""
        return [{"name": name} for name in recommendation.addressees]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_made_at(self, recommendation):
        """Identifiers of the published events where it was made."""
        return [event.slug for event in recommendation.made_at.all() if event.status == Event.Status.PUBLISHED]

    @extend_schema_field(BackerSerializer(many=True))
    def get_backers(self, recommendation):
        """The parliamentarians who back it now (backing.services.backers_of_ask), as its public page."""
        return BackerSerializer(backers_of_ask(recommendation), many=True).data

    def get_backers_withheld(self, recommendation) -> int:
        """People recorded behind it who hold no seat in a parliament: neither named nor counted."""
        return people_not_counted(recommendation)


class SignatorySerializer(serializers.Serializer):
    name = serializers.CharField(source="person.full_name")
    sponsor = serializers.BooleanField(source="is_sponsor")
    signed_on = serializers.DateField(allow_null=True)
    withdrew = serializers.BooleanField(source="has_withdrawn")
    withdrew_on = serializers.DateField(source="withdrawn_on", allow_null=True)


class MotionSerializer(serializers.ModelSerializer):
    """A motion or public statement as its page shows it: who tabled it and who signed it, named only
    when they may be named in public (`Person.is_named_in_public`); everyone else only counted."""

    identifier = serializers.CharField(source="slug")
    kind_label = serializers.CharField(source="get_kind_display")
    reference = serializers.CharField(help_text="'EDM 1189' for an Early Day Motion; the number for others.")
    house = serializers.CharField(source="house.name", allow_null=True, default=None)
    tabled_date = serializers.DateField(source="tabled_on", allow_null=True)
    browser_url = serializers.SerializerMethodField()
    primary_sponsor = serializers.SerializerMethodField(help_text="Null when absent or when the name is withheld.")
    total_signatories = serializers.SerializerMethodField(
        help_text="As the page prints it: the stated total, or the named count when higher."
    )
    signatories = serializers.SerializerMethodField(
        help_text="The signatories who may be named, including those who withdrew."
    )
    signatories_not_named = serializers.SerializerMethodField(
        help_text="Of `total_signatories`, those who still back it and are not named here."
    )
    advocacy_campaign = serializers.CharField(source="campaign.slug")
    events = serializers.SerializerMethodField()
    asks = serializers.SerializerMethodField()
    petitions = serializers.SerializerMethodField()

    class Meta:
        model = Motion
        fields = [
            "identifier",
            "kind",
            "kind_label",
            "reference",
            "house",
            "session",
            "title",
            "text",
            "tabled_date",
            "source_url",
            "browser_url",
            "primary_sponsor",
            "stated_total",
            "stated_total_wording",
            "total_signatories",
            "signatories",
            "signatories_not_named",
            "advocacy_campaign",
            "events",
            "asks",
            "petitions",
        ]

    def get_browser_url(self, motion) -> str:
        return absolute_url(motion.get_absolute_url())

    def get_primary_sponsor(self, motion) -> str | None:
        sponsor = motion.primary_sponsor
        return sponsor.full_name if sponsor is not None and sponsor.is_named_in_public else None

    def get_total_signatories(self, motion) -> int:
        return motion.total_with(len(motion.current_signatories()))

    @extend_schema_field(SignatorySerializer(many=True))
    def get_signatories(self, motion):
        named = [signatory for signatory in motion.signatories.all() if signatory.person.is_named_in_public]
        return SignatorySerializer(named, many=True).data

    def get_signatories_not_named(self, motion) -> int:
        named = sum(1 for signatory in motion.current_signatories() if signatory.person.is_named_in_public)
        return self.get_total_signatories(motion) - named

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_events(self, motion):
        return references("event", motion.events.all())

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_asks(self, motion):
        return references("ask", motion.recommendations.all())

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_petitions(self, motion):
        return references("petition", motion.petitions.all())


class AdvocacyCampaignSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(source="slug")
    title = serializers.CharField(source="name")
    organisation = serializers.CharField(source="organisation.name")
    browser_url = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["identifier", "title", "summary", "description", "organisation", "started_on", "browser_url"]

    def get_browser_url(self, campaign) -> str:
        return absolute_url(campaign.get_absolute_url())
