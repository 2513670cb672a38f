"""Letter campaigns and sent letters, for the follow-up tests: the state a letter is in once the
supporter's path (helper E's letters app) has sent it."""

import datetime

from django.utils import timezone

from campaign.models import Campaign, Organisation
from letters.models import Letter, LetterCampaign
from people.models import Person
from petitions.email_addresses import normalise_email
from recommendations.models import Recommendation
from tests.motions.factories import mp

__all__ = ["ask", "letter_campaign", "mp", "sent_letter"]


def ask():
    """An ask of a campaign run by the site's organisation, without the whole demo."""
    organisation, _ = Organisation.objects.get_or_create(
        slug="justice-for-victims", defaults={"name": "Justice for Victims", "runs_this_site": True}
    )
    campaign, _ = Campaign.objects.get_or_create(
        slug="1988-massacre", defaults={"name": "1988 massacre", "organisation": organisation, "summary": "An inquiry."}
    )
    recommendation, _ = Recommendation.objects.get_or_create(
        slug="independent-inquiry",
        defaults={
            "campaign": campaign,
            "title_en_gb": "An independent inquiry into the 1988 massacre",
            "title_fa": "تحقیق مستقل دربارهٔ کشتار ۱۳۶۷",
            "call_to_action": "Establish an independent inquiry.",
        },
    )
    return recommendation


def letter_campaign(recommendation=None, **fields):
    recommendation = recommendation or ask()
    defaults = {
        "title_en_gb": "Ask your MP to back an inquiry",
        "title_fa": "از نماینده‌تان بخواهید از تحقیق پشتیبانی کند",
        "slug": "ask-your-mp",
        "status": LetterCampaign.Status.OPEN,
    }
    return LetterCampaign.objects.create(recommendation=recommendation, **{**defaults, **fields})


def sent_letter(
    campaign,
    recipient,
    *,
    name="Ada Lovelace",
    email="ada@example.org",
    address="12 Acacia Avenue\nBath",
    postcode="BA1 1AA",
    sent_days_ago=15,
    language="en-gb",
    body="Dear Ms Gale, as your constituent I ask you to back an independent inquiry.",
    **fields,
):
    """A letter sent `sent_days_ago` days ago, its writer linked (as confirming does)."""
    writer = Person.objects.filter(email=email).first()
    if writer is None:
        given, _, family = name.partition(" ")
        writer = Person.objects.create(given_name=given, family_name=family, email=email)
    sent_at = timezone.now() - datetime.timedelta(days=sent_days_ago)
    values = {
        "campaign": campaign,
        "recipient": recipient,
        "writer": writer,
        "writer_name": name,
        "writer_address": address,
        "writer_postcode": postcode,
        "writer_email": email,
        "writer_email_normalised": normalise_email(email),
        "language": language,
        "subject": "An inquiry into the 1988 massacre",
        "body": body,
        "status": Letter.Status.SENT,
        "created_at": sent_at - datetime.timedelta(hours=1),
        "confirmed_at": sent_at - datetime.timedelta(minutes=30),
        "sent_at": sent_at,
    }
    if fields.get("reply_reported"):
        values["reply_reported_at"] = sent_at + datetime.timedelta(days=14)
    return Letter.objects.create(**{**values, **fields})
