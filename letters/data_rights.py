"""What letters hold about their writers, for people.data_rights (export and erasure), and their
retention: the letters of a person who asks are anonymised, and so is every letter once it is
LETTER_KEEP_DAYS old.

Anonymised, a letter keeps what the campaign's counts need (its campaign, recipient, constituency,
status, dates and the reply as yes / no / not yet, and a backing made of it) and nothing that is
the writer's: name, address, postcode, email, subject, text, what they reported the MP said, and
every mail about it in the outbox (those rows name the writer's address). The letter's history
never held those fields (letters/models.py)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from outbox.kinds import KINDS
from outbox.models import OutgoingMail
from people.data_rights import ERASED_NAME, iso
from petitions.email_addresses import normalise_email

from .models import Letter


def letters_of(person):
    """The person's letters: linked when they confirmed, or found by their address (a letter never
    confirmed has no link)."""
    letters = Letter.objects.filter(writer=person)
    if person.email:
        letters = letters | Letter.objects.filter(writer_email_normalised=normalise_email(person.email))
    return letters.distinct()


def letter_mail_kinds():
    """The names of every kind of mail the letters app sends (confirmation, the letter, its copy,
    the survey, thanks…): each is about one letter."""
    return [name for name, kind in KINDS.items() if type(kind).__module__.split(".")[0] == "letters"]


def export(person):
    return [
        {
            "campaign": letter.campaign.title,
            "to": letter.recipient.name if letter.recipient_id else letter.campaign.office_name,
            "constituency": letter.constituency_name,
            "name": letter.writer_name,
            "address": letter.writer_address,
            "postcode": letter.writer_postcode,
            "email": letter.writer_email,
            "language": letter.language,
            "subject": letter.subject,
            "letter": letter.body,
            "status": letter.status,
            "written_at": iso(letter.created_at),
            "confirmed_at": iso(letter.confirmed_at),
            "sent_at": iso(letter.sent_at),
            "reply_reported": letter.reply_reported,
            "reply": letter.reply_text,
            "reply_reported_at": iso(letter.reply_reported_at),
            "thanked_at": iso(letter.thanked_at),
        }
        for letter in letters_of(person).select_related("campaign", "recipient").order_by("created_at")
    ]


def letters_anonymise(letters, chunk_size=2000):
    """Remove the writer's details and words from `letters`, keeping what counts need. Works in
    chunks of ids, one UPDATE each. Returns how many letters changed."""
    erased_address = Concat(Value("erased-letter-"), Cast("id", CharField()), Value("@invalid"))
    ids = list(letters.exclude(writer_name=ERASED_NAME).values_list("pk", flat=True))
    kinds = letter_mail_kinds()
    count = 0
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        # A letter its writer had not confirmed can never be: its confirmation link must not send an
        # empty letter "from" an erased person (letter_confirm only confirms letters awaiting it).
        Letter.objects.filter(pk__in=chunk, status=Letter.Status.AWAITING_CONFIRMATION).update(
            status=Letter.Status.REFUSED
        )
        count += Letter.objects.filter(pk__in=chunk).update(
            writer=None,
            writer_name=ERASED_NAME,
            writer_address="",
            writer_postcode="",
            writer_email=erased_address,
            writer_email_normalised=erased_address,
            subject="",
            body="",
            shingles=[],
            reply_text="",
        )
        OutgoingMail.objects.filter(kind__in=kinds, about_id__in=chunk).delete()
    return count


def erase(person):
    letters_anonymise(Letter.objects.filter(pk__in=letters_of(person).values("pk")))


def letters_anonymise_old(*, now=None):
    """Anonymise every letter written more than LETTER_KEEP_DAYS ago (run nightly by beat). Returns
    how many changed."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.LETTER_KEEP_DAYS)
    return letters_anonymise(Letter.objects.filter(created_at__lt=cutoff))
