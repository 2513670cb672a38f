from django.utils import timezone

from outreach.models import Audience, Mailing
from people.models import Person
from tests.petitions.factories import make_petition


def make_supporters(count, *, prefix="supporter", consent=Person.EmailConsent.SUBSCRIBED, country="GB"):
    people = [
        Person(
            given_name=f"Sam{i}",
            family_name=f"{prefix.title()}{i}",
            email=f"{prefix}{i}@example.org",
            email_consent=consent,
            country=country,
        )
        for i in range(count)
    ]
    return Person.objects.bulk_create(people)


def make_audience(name="All supporters", **fields):
    return Audience.objects.create(name=name, **fields)


def make_mailing(audience=None, **fields):
    petition = make_petition(slug=f"petition-for-{Mailing.objects.count()}")
    values = {
        "campaign": petition.campaign,
        "name": "Conference report",
        "audience": audience or Audience.objects.get_or_create(name="All supporters")[0],
        "subject": "What the conference asked of the UK Government",
        "body_text": "Dear {{ salutation }},\n\nPlease sign: {{ petition_url }}\n\nUnsubscribe: {{ unsubscribe_url }}",
        "petition": petition,
        "from_name": "British Committee for Iran Freedom",
        "from_email": "outreach@example.org",
        "reply_to": "replies@example.org",
        **fields,
    }
    return Mailing.objects.create(**values)


def schedule_now(mailing):
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SCHEDULED, send_at=timezone.now())
    mailing.refresh_from_db()
    return mailing
