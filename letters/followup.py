"""What happens after a letter is sent: the writer is asked whether their MP replied, staff review
the replies (one saying the MP backs the ask becomes a backing), and writers are thanked.

The letter row is the truth for each step, and each step is claimed by a conditional update in the
transaction that queues its mail (`survey_sent_at IS NULL → now`, `thanked_at IS NULL → now`), so
beat, a retried task or two staff pressing the same button at once queue each mail once.

Mail is built when it is sent (letters/followup_mail.py), from the row: nothing the writer wrote is
copied into the outbox.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from campaign.templatetags.languages import long_date
from outbox.services import outbox_enqueue
from people.data_rights import ERASED_NAME
from people.models import ParliamentaryRole, Person

from .models import Letter

SURVEY_MAIL = "letter_survey"
THANKS_MAIL = "letter_thanks"

# Answers a writer may give on the survey page (the model's "not answered" is not one of them).
SURVEY_ANSWERS = [Letter.Reply.YES, Letter.Reply.NO, Letter.Reply.NOT_YET]


# --- The survey -----------------------------------------------------------------------------------


def letters_due_for_survey(*, now):
    """Sent letters whose "Did your MP reply?" mail is due and not yet queued: due at their
    `survey_due_at`, or, when sending set none, LETTER_SURVEY_AFTER_DAYS after they were sent."""
    fallback = now - timedelta(days=settings.LETTER_SURVEY_AFTER_DAYS)
    return (
        Letter.objects.filter(status=Letter.Status.SENT, survey_sent_at__isnull=True)
        .filter(Q(survey_due_at__lte=now) | Q(survey_due_at__isnull=True, sent_at__lte=fallback))
        .exclude(writer_email="")
        .exclude(writer_name=ERASED_NAME)
    )


def surveys_queue_due(*, now=None, letter_ids=None, batch_size=500):
    """Queue the survey mail of every letter due (or of `letter_ids`, when due). Run by beat; safe
    to run any number of times at once: each letter is claimed (survey_sent_at set) in the
    transaction that queues its mail, rows another run holds are skipped. Returns the ids queued."""
    now = now or timezone.now()
    queued = []
    while True:
        with transaction.atomic():
            due = letters_due_for_survey(now=now)
            if letter_ids is not None:
                due = due.filter(pk__in=letter_ids)
            rows = list(
                due.select_for_update(skip_locked=True, of=("self",))
                .order_by("sent_at", "pk")
                .values_list("pk", "writer_email", "writer_id", "language")[:batch_size]
            )
            if not rows:
                return queued
            Letter.objects.filter(pk__in=[row[0] for row in rows]).update(survey_sent_at=now)
            for letter_id, email, writer_id, language in rows:
                outbox_enqueue(
                    kind=SURVEY_MAIL, to_email=email, about_id=letter_id, person_id=writer_id, language=language
                )
        queued += [row[0] for row in rows]


def survey_answer(*, letter_id, reply, reply_text="", now=None):
    """Record what the writer says happened. They may change it: a new answer is reviewed afresh,
    unless staff already made a backing of it (that stays, as staff decided). Only a "yes" keeps
    what the MP said. Returns the letter as it now stands."""
    if reply not in SURVEY_ANSWERS:
        raise ValueError(f"Not an answer to the survey: {reply!r}")
    now = now or timezone.now()
    text = reply_text.strip() if reply == Letter.Reply.YES else ""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if (letter.reply_reported, letter.reply_text) == (reply, text):
            return letter
        letter.reply_reported, letter.reply_text, letter.reply_reported_at = reply, text, now
        changed = ["reply_reported", "reply_text", "reply_reported_at"]
        if letter.backing_id is None:
            letter.reviewed_by, letter.reviewed_at = None, None
            changed += ["reviewed_by", "reviewed_at"]
        letter.save(update_fields=changed)
    return letter


# --- Staff's review of replies --------------------------------------------------------------------


def letter_source_description(letter):
    """The backing's public source: when, never who wrote ("Reply to a constituent's letter, 3 Dec
    2026"), in each of the site's languages."""
    sent_on = timezone.localdate(letter.sent_at) if letter.sent_at else timezone.localdate(letter.created_at)
    descriptions = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            descriptions[code] = translation.gettext("Reply to a constituent's letter, %(date)s") % {
                "date": long_date(sent_on)
            }
    return descriptions


def letters_reviewable_as_backing(letter_ids):
    """Of `letter_ids`, the sent letters to a person whose writer says they replied and that are not
    yet a backing: what "record as backing" would act on."""
    return Letter.objects.filter(
        pk__in=letter_ids,
        status=Letter.Status.SENT,
        reply_reported=Letter.Reply.YES,
        backing__isnull=True,
        recipient__isnull=False,
    )


@dataclass
class BackingOutcome:
    recorded: list = field(default_factory=list)  # letter ids now linked to a backing
    created: list = field(default_factory=list)  # ids of backings made by this call
    skipped: int = 0  # letters that were not a reply saying "yes", or already a backing


def replies_record_as_backing(*, letter_ids, reviewer_id, now=None):
    """Staff reviewed these replies and say each MP backs the campaign's ask: each becomes a
    `backing.Backing` (how: wrote; source: "Reply to a constituent's letter, <date>", nothing about
    the writer), linked from the letter, which is marked reviewed. Several letters to one MP about
    one ask share one backing. Safe to run twice: a letter already linked is skipped."""
    from backing.models import Backing  # the app that publishes backing sits beside letters, not below

    now = now or timezone.now()
    outcome = BackingOutcome()
    letter_ids = list(letter_ids)
    with transaction.atomic():
        letters = list(
            letters_reviewable_as_backing(letter_ids)
            .select_for_update(of=("self",))
            .select_related("campaign")
            .order_by("sent_at", "pk")
        )
        outcome.skipped = len(set(letter_ids)) - len(letters)
        for letter in letters:
            # One backing per MP and ask: two staff recording replies to the same MP at once wait here.
            Person.objects.select_for_update().filter(pk=letter.recipient_id).first()
            backing = (
                Backing.objects.filter(
                    person_id=letter.recipient_id,
                    recommendation_id=letter.campaign.recommendation_id,
                    how=Backing.How.WROTE,
                    has_withdrawn=False,
                )
                .order_by("pk")
                .first()
            )
            if backing is None:
                descriptions = letter_source_description(letter)
                backing = Backing(
                    person_id=letter.recipient_id,
                    recommendation_id=letter.campaign.recommendation_id,
                    how=Backing.How.WROTE,
                    backed_on=timezone.localdate(letter.reply_reported_at or now),
                    source_description=descriptions[settings.LANGUAGE_CODE],
                )
                for code, text in descriptions.items():
                    setattr(backing, f"source_description_{code.replace('-', '_')}", text)
                backing.save()
                outcome.created.append(backing.pk)
            Letter.objects.filter(pk=letter.pk).update(backing=backing, reviewed_by_id=reviewer_id, reviewed_at=now)
            outcome.recorded.append(letter.pk)
    return outcome


def replies_mark_reviewed(*, letter_ids, reviewer_id, now=None):
    """Staff read these replies and they are not a backing (or not yet): marked reviewed, so the
    list of replies to review shows only new ones. Returns how many."""
    return (
        Letter.objects.filter(pk__in=list(letter_ids), reviewed_at__isnull=True)
        .exclude(reply_reported=Letter.Reply.UNKNOWN)
        .update(reviewed_by_id=reviewer_id, reviewed_at=now or timezone.now())
    )


# --- Thanks ---------------------------------------------------------------------------------------


def writers_thank(*, letter_ids, now=None):
    """Queue a thank-you mail to the writer of each sent letter of `letter_ids`, once per letter
    (thanked_at claims it). Returns the ids of the letters thanked now."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Letter.objects.filter(pk__in=list(letter_ids), status=Letter.Status.SENT, thanked_at__isnull=True)
            .exclude(writer_name=ERASED_NAME)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "writer_email", "writer_id", "language")
        )
        Letter.objects.filter(pk__in=[row[0] for row in rows]).update(thanked_at=now)
        for letter_id, email, writer_id, language in rows:
            outbox_enqueue(kind=THANKS_MAIL, to_email=email, about_id=letter_id, person_id=writer_id, language=language)
    return [row[0] for row in rows]


# --- What staff see: letters and replies per MP and per party -------------------------------------


@dataclass
class ReplyCounts:
    sent: int = 0
    yes: int = 0
    no: int = 0
    not_yet: int = 0
    unanswered: int = 0
    backings: int = 0  # replies recorded as a backing

    def add(self, other):
        for name in ("sent", "yes", "no", "not_yet", "unanswered", "backings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RecipientRow:
    recipient: object  # people.Person, or None for a public office
    seat: object  # their ParliamentaryRole (current, else latest), or None
    counts: ReplyCounts

    @property
    def party(self):
        return self.seat.party if self.seat else None


def reply_counts_by_recipient(*, campaign):
    """Each recipient of the campaign's sent letters with counts (sent; replied yes / no / not yet;
    not answered; recorded as a backing), most letters first; and the same summed per party (the
    recipient's party now), as (rows, parties: [(party or None, ReplyCounts)]). Three queries
    whatever the number of letters."""
    reply = Letter.Reply
    sent = Letter.objects.filter(campaign=campaign, status=Letter.Status.SENT)
    aggregated = (
        sent.values("recipient_id")
        .annotate(
            sent=Count("pk"),
            yes=Count("pk", filter=Q(reply_reported=reply.YES)),
            no=Count("pk", filter=Q(reply_reported=reply.NO)),
            not_yet=Count("pk", filter=Q(reply_reported=reply.NOT_YET)),
            unanswered=Count("pk", filter=Q(reply_reported=reply.UNKNOWN)),
            backings=Count("pk", filter=Q(backing__isnull=False)),
        )
        .order_by("-sent", "recipient_id")
    )
    counts = {
        row["recipient_id"]: ReplyCounts(**{key: value for key, value in row.items() if key != "recipient_id"})
        for row in aggregated
    }
    recipient_ids = [pk for pk in counts if pk is not None]
    seats = {}
    roles = (
        ParliamentaryRole.objects.filter(person_id__in=recipient_ids)
        .select_related("person", "party", "legislature")
        .order_by("person_id", "-is_current", "-started_on", "-pk")
    )
    for role in roles:
        seats.setdefault(role.person_id, role)
    people = {role.person_id: role.person for role in seats.values()}
    missing = set(recipient_ids) - set(people)
    if missing:
        people.update(Person.objects.in_bulk(missing))
    rows = [
        RecipientRow(recipient=people.get(pk) if pk else None, seat=seats.get(pk), counts=row_counts)
        for pk, row_counts in counts.items()
    ]
    by_party = defaultdict(ReplyCounts)
    for row in rows:
        by_party[row.party].add(row.counts)
    parties = sorted(by_party.items(), key=lambda item: (-item[1].sent, item[0].name if item[0] else "~"))
    return rows, parties


def replies_to_review(*, campaign):
    """Sent letters of the campaign whose writer reported a reply ("yes") not yet reviewed by staff."""
    return (
        Letter.objects.filter(
            campaign=campaign, status=Letter.Status.SENT, reply_reported=Letter.Reply.YES, reviewed_at__isnull=True
        )
        .select_related("recipient")
        .order_by("reply_reported_at", "pk")
    )
