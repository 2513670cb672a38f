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

from campaign.links import absolute_url
from campaign.models import Campaign
from events.models import Event, Participant
from events.services import ROLE_HEADINGS, participants_by_role
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
        ]

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
        ]

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
    name = serializers.CharField(source="full_name")


class AskSerializer(serializers.ModelSerializer):
    """A recommendation: what is asked of whom, where it was made, how it stands and who backs it."""

    identifier = serializers.CharField(source="slug")
    status_label = serializers.CharField(source="get_status_display")
    target = serializers.SerializerMethodField()
    made_at = serializers.SerializerMethodField()
    backers = serializers.SerializerMethodField()
    backers_withheld = serializers.SerializerMethodField()
    advocacy_campaign = serializers.CharField(source="campaign.slug")

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
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    @extend_schema_field(TargetSerializer(many=True))
    def get_target(self, recommendation):
        """Offices, people who may be named, then bodies, as the pages print them."""
        return [{"name": name} for name in recommendation.addressees]

    def get_made_at(self, recommendation):
        """Identifiers of the published events where it was made."""
        return [event.slug for event in recommendation.made_at.all() if event.status == Event.Status.PUBLISHED]

    @extend_schema_field(BackerSerializer(many=True))
    def get_backers(self, recommendation):
        named = [person for person in recommendation.backers.all() if person.is_named_in_public]
        return BackerSerializer(named, many=True).data

    def get_backers_withheld(self, recommendation) -> int:
        return sum(1 for person in recommendation.backers.all() if not person.is_named_in_public)


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
