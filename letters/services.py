"""Writing, confirming and sending letters: the rules that make a letter a constituent's own.

A letter is written (letter_submit) and waits for its writer to confirm their address by the link
mailed to them (letter_confirm). Confirming queues two mails in the outbox, in the same transaction:
the letter to its recipient (From our address with the writer's name, Reply-To the writer) and a
copy to the writer. The letter is marked sent when the outbox has sent the first (letters_mark_sent).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from campaign.languages import site_language
from outbox.models import OutgoingMail
from outbox.services import outbox_enqueue
from people.models import Person
from petitions.email_addresses import normalise_email
from petitions.services import mailbox_may_receive

from .models import Letter
from .similarity import highest_similarity, shingles_of, words_of

# The outbox kinds of the letters' mail (built in letters/mail.py).
CONFIRMATION_MAIL = "letter_confirmation"
LETTER_MAIL = "letter_to_representative"
COPY_MAIL = "letter_copy_to_writer"

logger = logging.getLogger(__name__)


def letter_similarity(*, campaign, body, writer_email, recipient_id=None):
    """How much of `body` (0–1) is in the most similar earlier letter of `campaign` by someone else,
    or by the same writer to another recipient (one text sent to every Peer is still mass mail)."""
    return highest_similarity(
        campaign_id=campaign.pk,
        shingles=shingles_of(body),
        writer_email_normalised=normalise_email(writer_email),
        recipient_id=recipient_id,
    )


def letter_is_too_similar(*, campaign, body, writer_email, recipient_id=None):
    similarity = letter_similarity(campaign=campaign, body=body, writer_email=writer_email, recipient_id=recipient_id)
    return similarity > campaign.similarity_threshold


def keeps_suggested_opening(*, campaign, body):
    """Whether `body` still holds the campaign's suggested opening, in any language, word for word
    (case, spacing and punctuation aside)."""
    letter = " ".join(words_of(body))
    for language, _name in settings.LANGUAGES:
        opening = " ".join(words_of(getattr(campaign, build_localized_fieldname("suggested_opening", language)) or ""))
        if opening and opening in letter:
            return True
    return False


def letter_submit(
    *,
    campaign,
    recipient,
    writer_name,
    writer_address,
    writer_postcode,
    writer_email,
    subject,
    body,
    language=None,
):
    """Record a letter awaiting its writer's confirmation and queue the mail asking for it.

    The caller shows the same page whatever happens, so that no one learns whether an address has
    written. At most LETTER_CONFIRMATION_MAILS letters of one address wait for one recipient of a
    campaign: beyond, nothing is recorded or mailed (someone is filling in another's address).
    Returns the letter's id, or None."""
    email_normalised = normalise_email(writer_email)
    waiting = Letter.objects.filter(
        campaign=campaign,
        recipient=recipient.person,
        writer_email_normalised=email_normalised,
        status=Letter.Status.AWAITING_CONFIRMATION,
    ).count()
    if waiting >= settings.LETTER_CONFIRMATION_MAILS:
        logger.warning("Letter to %s not recorded: its writer's address has letters waiting", recipient.key)
        return None
    language = site_language(language or settings.LANGUAGE_CODE)
    with transaction.atomic():
        letter = Letter.objects.create(
            campaign=campaign,
            recipient=recipient.person,
            constituency=recipient.constituency,
            constituency_name=recipient.constituency_name,
            writer_name=writer_name,
            writer_address=writer_address,
            writer_postcode=writer_postcode,
            writer_email=writer_email.strip(),
            writer_email_normalised=email_normalised,
            language=language,
            subject=subject,
            body=body,
            shingles=shingles_of(body),
            status=Letter.Status.AWAITING_CONFIRMATION,
            confirmation_mails_sent=1,
        )
        if mailbox_may_receive(letter.writer_email):
            outbox_enqueue(kind=CONFIRMATION_MAIL, about_id=letter.pk, to_email=letter.writer_email, language=language)
    return letter.pk


class Confirmation:
    """What confirming a letter came to, for the page that says so."""

    CONFIRMED = "confirmed"  # this call confirmed it: its mail is queued
    ALREADY_CONFIRMED = "already_confirmed"  # a second click, a replayed link
    ALREADY_WRITTEN = "already_written"  # another letter of theirs to this recipient went first
    CLOSED = "closed"  # the campaign closed before they confirmed
    NO_ADDRESS = "no_address"  # the recipient's email address was taken off since they wrote
    NOT_PENDING = "not_pending"  # refused by staff, or gone


def letter_confirm(*, letter_id, now=None):
    """Confirm a letter awaiting confirmation and queue it to its recipient with a copy to its writer.

    Returns (letter, outcome), outcome one of Confirmation's values. The status changes by a
    conditional update, so two clicks at once confirm once; the unique constraint keeps one written
    letter per writer, campaign and recipient, whichever of two pending letters is confirmed first."""
    now = now or timezone.now()
    letter = Letter.objects.select_related("campaign", "recipient").filter(pk=letter_id).first()
    if letter is None:
        return None, Confirmation.NOT_PENDING
    if letter.status in Letter.WRITTEN:
        return letter, Confirmation.ALREADY_CONFIRMED
    if letter.status != Letter.Status.AWAITING_CONFIRMATION:
        return letter, Confirmation.NOT_PENDING
    if not letter.campaign.is_open(now):
        return letter, Confirmation.CLOSED
    if not recipient_email(letter):
        return letter, Confirmation.NO_ADDRESS
    try:
        with transaction.atomic():
            confirmed = Letter.objects.filter(pk=letter.pk, status=Letter.Status.AWAITING_CONFIRMATION).update(
                status=Letter.Status.CONFIRMED, confirmed_at=now
            )
            if not confirmed:
                letter.refresh_from_db()
                return letter, Confirmation.ALREADY_CONFIRMED
            letter.refresh_from_db()
            letter.writer = person_for_letter(letter)
            letter.mail_to_recipient = outbox_enqueue(
                kind=LETTER_MAIL,
                about_id=letter.pk,
                to_email=recipient_email(letter),
                person_id=letter.recipient_id,
                # The mail's own words around the letter are in English, what the MP's office reads.
                language="en",
            )
            letter.mail_copy_to_writer = outbox_enqueue(
                kind=COPY_MAIL,
                about_id=letter.pk,
                to_email=letter.writer_email,
                person_id=letter.writer.pk,
                language=letter.language,
            )
            letter.save(update_fields=["writer", "mail_to_recipient", "mail_copy_to_writer"])
    except IntegrityError:
        return letter, Confirmation.ALREADY_WRITTEN
    return letter, Confirmation.CONFIRMED


def recipient_email(letter):
    if letter.recipient_id:
        return letter.recipient.email
    return letter.campaign.office_email


def person_for_letter(letter):
    """The person with the writer's address, created from the letter when there is none."""
    email = letter.writer_email.strip().lower()
    person = Person.objects.filter(email=email).first()
    if person:
        return person
    given_name, _, family_name = letter.writer_name.strip().rpartition(" ")
    try:
        with transaction.atomic():
            return Person.objects.create(
                email=email,
                given_name=given_name,
                family_name=family_name or letter.writer_name.strip(),
                country="GB",
                postcode=letter.writer_postcode,
                language=letter.language,
            )
    except IntegrityError:
        # The same person confirmed something else at the same moment.
        return Person.objects.get(email=email)


def letters_mark_sent(*, mail_ids, now=None):
    """Mark sent the confirmed letters whose mail to their recipient (among `mail_ids`) the outbox
    has sent, and set when their writers are asked whether a reply came. Safe to run twice."""
    now = now or timezone.now()
    letters = Letter.objects.filter(
        mail_to_recipient__in=mail_ids,
        mail_to_recipient__status=OutgoingMail.Status.SENT,
        status=Letter.Status.CONFIRMED,
    ).values_list("pk", "campaign__survey_after_days")
    marked = 0
    for letter_id, survey_after_days in letters:
        marked += Letter.objects.filter(pk=letter_id, status=Letter.Status.CONFIRMED).update(
            status=Letter.Status.SENT, sent_at=now, survey_due_at=now + timedelta(days=survey_after_days)
        )
    return marked


def constituents_who_wrote_by_mp():
    """{person id: how many constituents wrote to them}: one per writer, counting the letters their
    writers confirmed (an MP's letters come only from postcodes in their constituency, so each is a
    constituent's). One query, for a mailing's renderer (outreach/rendering.py)."""
    rows = (
        Letter.objects.filter(status__in=Letter.WRITTEN, recipient__isnull=False, constituency__isnull=False)
        .values("recipient_id")
        .annotate(writers=Count("writer_email_normalised", distinct=True))
        .values_list("recipient_id", "writers")
    )
    return dict(rows)
