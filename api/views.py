"""The open API's views: read-only lists and records, one language a request (?lang=fa)."""

from django.conf import settings
from django.db.models import F, Prefetch
from django.shortcuts import render
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from backing.services import ask_page_queryset
from campaign.models import Campaign
from events.credentials import attach_credentials_for_events
from events.models import Event
from events.services import event_page_queryset
from motions.models import Motion
from motions.services import motion_page_queryset
from petitions.models import SignatureCount
from petitions.views import petition_page_queryset

from . import serializers

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _ in settings.LANGUAGES],
    description="The language of the content and labels (English when not given). Text not yet written in "
    "it falls back to another language, as on the site.",
)
CAMPAIGN_PARAMETER = OpenApiParameter(
    "campaign", str, description="Only those of this advocacy campaign (its identifier)."
)

# The published motions linked to a record, as references.
MOTION_REFERENCES = Prefetch(
    "motions", queryset=Motion.objects.published().only("id", "slug").order_by("-tabled_on", "-id")
)


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a record by identifier (the slug), in the language the request asks for."""

    lookup_field = "slug"
    lookup_url_kwarg = "identifier"

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang", "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def filter_by_campaign(self, queryset):
        campaign = self.request.query_params.get("campaign")
        return queryset.filter(campaign__slug=campaign) if campaign else queryset


def campaign_filtered(viewset):
    return extend_schema_view(
        list=extend_schema(parameters=[LANGUAGE_PARAMETER, CAMPAIGN_PARAMETER]),
        retrieve=extend_schema(parameters=[LANGUAGE_PARAMETER]),
    )(viewset)


@campaign_filtered
class PetitionViewSet(PublicReadOnlyViewSet):
    """Published petitions, open and closed, newest first, with their counts: in total and by country
    (countries with few signatures summed as `other`). Signers are only ever counted."""

    serializer_class = serializers.PetitionSerializer

    def get_queryset(self):
        counts = SignatureCount.objects.only("petition_id", "country", "count")
        queryset = petition_page_queryset().prefetch_related(
            Prefetch("signature_counts", queryset=counts), MOTION_REFERENCES
        )
        return self.filter_by_campaign(queryset).order_by("-opened_at", "-id")


@campaign_filtered
class EventViewSet(PublicReadOnlyViewSet):
    """Published events, latest first, with who took part as the event page lists them, what they
    said, and the asks made there. People who may not be named in public are never named."""

    serializer_class = serializers.EventSerializer

    def get_queryset(self):
        queryset = event_page_queryset().prefetch_related(MOTION_REFERENCES)
        return self.filter_by_campaign(queryset).order_by("-starts_at", "-id")

    def paginate_queryset(self, queryset):
        # Every participant's person as on their event's day, for the whole page in one query.
        page = super().paginate_queryset(queryset)
        attach_credentials_for_events(page if page is not None else [])
        return page


@campaign_filtered
class AskViewSet(PublicReadOnlyViewSet):
    """The asks (recommendations) the campaigns make: of whom, where, how each stands, and who backs it.
    Backers who may not be named in public are only counted."""

    serializer_class = serializers.AskSerializer

    def get_queryset(self):
        queryset = ask_page_queryset().prefetch_related(
            Prefetch("made_at", queryset=Event.objects.only("id", "slug", "status")),
            MOTION_REFERENCES,
        )
        return self.filter_by_campaign(queryset).order_by("order", "id")


@campaign_filtered
class MotionViewSet(PublicReadOnlyViewSet):
    """Published parliamentary motions and public statements, latest tabled first: the words, who tabled
    it, the total the campaign states, the signatories who may be named in public (with when they
    signed and withdrew; the others only counted), and the events, asks and petitions linked to it."""

    serializer_class = serializers.MotionSerializer

    def get_queryset(self):
        return self.filter_by_campaign(motion_page_queryset()).order_by(F("tabled_on").desc(nulls_last=True), "-id")


@extend_schema_view(
    list=extend_schema(parameters=[LANGUAGE_PARAMETER]), retrieve=extend_schema(parameters=[LANGUAGE_PARAMETER])
)
class AdvocacyCampaignViewSet(PublicReadOnlyViewSet):
    """The active campaigns that group the petitions, events, asks and motions (filter those with ?campaign=)."""

    serializer_class = serializers.AdvocacyCampaignSerializer

    def get_queryset(self):
        return Campaign.objects.active().select_related("organisation").order_by("name", "id")


def api_docs(request):
    """The API's documentation page: a short guide and the OpenAPI document rendered by Swagger UI,
    from our own static files (drf-spectacular-sidecar) and our own script, so the CSP holds."""
    return render(request, "api/docs.html")
