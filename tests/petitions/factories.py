import datetime

from django.utils import timezone

from campaign.models import Campaign, Organisation
from petitions.models import Petition


def make_petition(slug="test-petition", **fields):
    heads_site = not Organisation.objects.filter(runs_this_site=True).exists()
    organisation, _ = Organisation.objects.get_or_create(
        slug="test-org", defaults={"name": "Test Org", "kind": "campaign", "runs_this_site": heads_site}
    )
    addressee, _ = Organisation.objects.get_or_create(
        name="UK Government", defaults={"slug": "uk-gov", "kind": "government"}
    )
    campaign, _ = Campaign.objects.get_or_create(
        slug="test-campaign", defaults={"name": "Test campaign", "organisation": organisation, "summary": "…"}
    )
    values = {
        "campaign": campaign,
        "title": "Hold an independent inquiry",
        "addressed_to": addressee,
        "text": "We ask for an inquiry.",
        "status": Petition.Status.OPEN,
        "signature_goal": 100,
        "opened_at": timezone.now() - datetime.timedelta(days=1),
        **fields,
    }
    return Petition.objects.create(slug=slug, **values)


def signing_form(**overrides):
    return {"name": "Ada Lovelace", "email": "ada@example.org", "country": "IE", "website": "", **overrides}
