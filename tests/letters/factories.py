"""A letter campaign about an ask, the test postcode file loaded (tests/data/constituencies), and MPs
for some of its constituencies."""

import datetime
from pathlib import Path

from django.utils import timezone

from campaign.models import Campaign, Organisation
from constituencies.loading import postcodes_load
from constituencies.models import Constituency
from letters.models import LetterCampaign
from people.models import Legislature, ParliamentaryRole, Party, Person
from recommendations.models import Recommendation

DATA = Path(__file__).resolve().parents[1] / "data" / "constituencies"

# In the test file: BA1 1SU is in Bath; BA1 9RB straddles Bath and Frome and East Somerset;
# N7 8EG is in Islington North; SW1A 1AA in Cities of London and Westminster.
BATH_POSTCODE = "BA1 1SU"
STRADDLING_POSTCODE = "BA1 9RB"
ISLINGTON_POSTCODE = "N7 8EG"
WESTMINSTER_POSTCODE = "SW1A 1AA"

SUGGESTED_OPENING = "I am writing as your constituent to ask you to back the call for an independent inquiry."

# A letter of the writer's own (over LETTER_MIN_WORDS words), and another person's, unlike it.
OWN_LETTER = (
    "Dear Ms Hobhouse,\n\n"
    "My family left Iran in 1989, a year after my uncle disappeared from Evin prison. We never learned where he "
    "was buried. I live in Bath now and teach at a primary school near the river. I would like you, as my MP, "
    "to support an independent international inquiry into the killings of that summer, so that families like "
    "mine may finally know what happened and those responsible are named. Would you sign the motion tabled "
    "on this and tell me what you will do?\n\nYours sincerely,"
)
ANOTHER_LETTER = (
    "Dear Ms Hobhouse,\n\n"
    "As a nurse at the Royal United Hospital I meet many refugees who fled Iran, and their stories stay with me. "
    "Accountability matters to them and to me: nobody has ever been tried for the mass executions of 1988. "
    "Please back the call for a United Nations inquiry, speak for it in the House, and let me know your view. "
    "I have lived in this constituency for twenty years and vote in every election.\n\nWith best wishes,"
)


def load_test_postcodes():
    return postcodes_load(path=DATA / "onspd.csv", names_path=DATA / "pcon24_names.csv")


def make_recommendation():
    organisation, _ = Organisation.objects.get_or_create(
        slug="test-org", defaults={"name": "Test Org", "kind": "campaign", "runs_this_site": True}
    )
    campaign, _ = Campaign.objects.get_or_create(
        slug="test-campaign", defaults={"name": "Test campaign", "organisation": organisation, "summary": "…"}
    )
    recommendation, _ = Recommendation.objects.get_or_create(
        slug="inquiry",
        defaults={"campaign": campaign, "title": "An independent inquiry", "call_to_action": "Hold an inquiry."},
    )
    return recommendation


def make_letter_campaign(slug="inquiry-letters", **fields):
    values = {
        "recommendation": make_recommendation(),
        "title": "Ask your MP to back an inquiry",
        "title_fa": "از نماینده‌تان بخواهید از تحقیق مستقل حمایت کند",
        "guidance": "Say who you are and why it matters to you.",
        "guidance_fa": "بگویید کیستید و چرا این موضوع برایتان مهم است.",
        "points": "Nobody has been held to account.\nFamilies still do not know where their loved ones lie.",
        "points_fa": "هیچ‌کس پاسخگو نشده است.\nخانواده‌ها هنوز نمی‌دانند عزیزانشان کجا به خاک سپرده شده‌اند.",
        "suggested_subject": "An independent inquiry into the 1988 massacre",
        "suggested_opening": SUGGESTED_OPENING,
        "status": LetterCampaign.Status.OPEN,
        "opens_at": timezone.now() - datetime.timedelta(days=1),
        **fields,
    }
    return LetterCampaign.objects.create(slug=slug, **values)


def commons():
    legislature, _ = Legislature.objects.get_or_create(
        slug="house-of-commons",
        defaults={"name": "House of Commons", "kind": "lower", "country": "GB", "member_title": "MP"},
    )
    return legislature


def make_mp(constituency_name, *, given_name, family_name, email, party="Liberal Democrats", **person_fields):
    person = Person.objects.create(given_name=given_name, family_name=family_name, email=email, **person_fields)
    party_row, _ = Party.objects.get_or_create(name=party)
    ParliamentaryRole.objects.create(
        person=person, legislature=commons(), party=party_row, constituency=constituency_name, is_current=True
    )
    return person


def make_bath_mp():
    return make_mp(
        "Bath", given_name="Wera", family_name="Hobhouse", email="wera.hobhouse.mp@parliament.example",
        salutation_title="Ms",
    )  # fmt: skip


def bath():
    return Constituency.objects.get(name="Bath")


def letter_form(**overrides):
    return {
        "writer_name": "Ada Lovelace",
        "writer_address": "12 Pulteney Street\nBath",
        "writer_postcode": BATH_POSTCODE,
        "writer_email": "ada@example.org",
        "subject": "An independent inquiry",
        "body": OWN_LETTER,
        "website": "",
        **overrides,
    }
