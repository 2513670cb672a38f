"""Registering for an event, confirming, waiting for a place, cancelling, and coming in at the door.

How places are taken. A registrant holds a place once they confirm (the POST behind the link mailed
to them), not when they fill in the form: anyone can type anyone's address, and an unconfirmed
registration must not keep a real person out. Confirming, cancelling and filling freed places all
lock the event's `EventRegistration` row first (SELECT … FOR UPDATE), so they happen one at a time
per event: the count of confirmed registrants read under the lock is the truth, and 50 people
confirming at once for the last 5 places give exactly 5 confirmed and 45 waiting, in the order the
lock served them. Unconfirmed registrants hold nothing and are deleted once their link expires.

The mail each registrant gets goes through the outbox, in the language they registered in: the
confirmation link; "you're registered" (with an .ics file) or "you're on the waiting list"; "a place
opened for you" when they move up; reminders a day and an hour before; the join link of an online
event JOIN_LINK_MINUTES before the start; a follow-up after the event when staff send it. Reminders
and the join link wait in the outbox with a future `due_at`. `registrants_plan_mail` keeps those
rows in step with the event: when it moves, rows still waiting move with it; when a registrant
cancels, theirs are cancelled. Each is checked again when it is built (registrations/mail.py).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Participant
from outbox.models import OutgoingMail
from outbox.services import outbox_cancel, outbox_enqueue, outbox_reschedule
from people.data_rights import ERASED_NAME
from people.models import Person
from people.services import person_record_consent
from petitions.email_addresses import normalise_email
from petitions.services import mailbox_may_receive

from .models import EventRegistration, Registrant

logger = logging.getLogger(__name__)

# The outbox kinds of registration mail (built in registrations/mail.py), each about one registrant.
CONFIRM_LINK_MAIL = "registration_confirm_link"
CONFIRMED_MAIL = "registration_confirmed"
WAITING_MAIL = "registration_waiting"
PROMOTED_MAIL = "registration_promoted"
REMINDER_DAY_MAIL = "registration_reminder_day"
REMINDER_HOUR_MAIL = "registration_reminder_hour"
JOIN_LINK_MAIL = "registration_join_link"
JOIN_LINK_AGAIN_MAIL = "registration_join_link_again"
FOLLOW_UP_MAIL = "registration_follow_up"
# Mail that waits in the outbox for a time set by the event: moved when the event moves.
PLANNED_MAIL = [REMINDER_DAY_MAIL, REMINDER_HOUR_MAIL, JOIN_LINK_MAIL]
ALL_MAIL = [
    CONFIRM_LINK_MAIL,
    CONFIRMED_MAIL,
    WAITING_MAIL,
    PROMOTED_MAIL,
    *PLANNED_MAIL,
    JOIN_LINK_AGAIN_MAIL,
    FOLLOW_UP_MAIL,
]

Status = Registrant.Status

# The same consent as signing a petition, in the same words; recorded as shown, in the reader's language.
CONSENT_WORDING = _(
    "Yes, email me about this campaign: new petitions, events and what comes of them. "
    "I can unsubscribe at any time with one click."
)


# --- Registering and confirming -------------------------------------------------------------------


def registrant_submit(
    *,
    event_registration,
    name,
    email,
    organisation="",
    name_on_id="",
    accessibility_needs="",
    wants_email=False,
    language="",
):
    """Record a registration and queue its confirmation mail; or, for an address already pending,
    send the link again (at most REGISTRATION_CONFIRMATION_MAILS times). Returns the registrant's id.

    The caller shows the same page whatever happened, so that no one learns who has registered. An
    address that cancelled may register again: the same row starts afresh with what was typed now.
    """
    now = timezone.now()
    details = {
        "name": name,
        "email": email.strip(),
        "organisation": organisation,
        "name_on_id": name_on_id,
        "accessibility_needs": accessibility_needs,
        "wants_email": wants_email,
        "consent_wording": str(CONSENT_WORDING) if wants_email else "",
        "language": language,
    }
    event_id = event_registration.event_id
    normalised = normalise_email(email)
    with transaction.atomic():
        registrant = (
            Registrant.objects.select_for_update().filter(event_id=event_id, email_normalised=normalised).first()
        )
        if registrant is None:
            try:
                with transaction.atomic():
                    registrant = Registrant.objects.create(
                        event_id=event_id,
                        email_normalised=normalised,
                        created_at=now,
                        confirmation_mails_sent=1,
                        **details,
                    )
            except IntegrityError:
                # The same address registered at this very moment: that one's mail is on its way.
                return Registrant.objects.get(event_id=event_id, email_normalised=normalised).pk
            confirmation_queue(registrant)
        elif registrant.status == Status.CANCELLED:
            for field, value in details.items():
                setattr(registrant, field, value)
            registrant.status, registrant.created_at, registrant.confirmation_mails_sent = Status.PENDING, now, 1
            registrant.confirmed_at = registrant.cancelled_at = registrant.attended_at = registrant.waiting_since = None
            registrant.save()
            confirmation_queue(registrant)
        elif (
            registrant.status == Status.PENDING
            and registrant.confirmation_mails_sent < settings.REGISTRATION_CONFIRMATION_MAILS
        ):
            Registrant.objects.filter(pk=registrant.pk).update(
                confirmation_mails_sent=registrant.confirmation_mails_sent + 1
            )
            confirmation_queue(registrant)
    return registrant.pk


def confirmation_queue(registrant):
    """Queue the confirmation link, unless its mailbox had its share of confirmation mail today
    (the limit signing uses: one inbox is not flooded from our address, whatever +tag)."""
    if not mailbox_may_receive(registrant.email):
        logger.warning("Confirmation mail for registrant %s not sent: its mailbox had its share today", registrant.pk)
        return None
    return outbox_enqueue(
        kind=CONFIRM_LINK_MAIL, about_id=registrant.pk, to_email=registrant.email, language=registrant.language
    )


def registration_lock(event_id):
    """The event's registration, locked until the transaction ends: every change to who holds a
    place goes through here, one at a time per event. None when the event takes no registrations."""
    return EventRegistration.objects.select_for_update().select_related("event").filter(event_id=event_id).first()


def registrant_confirm(*, registrant_id, now=None):
    """Confirm a pending registrant: a place if one is free, else the end of the waiting list.

    Returns (registrant, True) when this call confirmed them, (registrant, False) when nothing
    changed (already confirmed, cancelled, or the event has started), (None, False) when gone.
    """
    now = now or timezone.now()
    event_id = Registrant.objects.filter(pk=registrant_id).values_list("event_id", flat=True).first()
    if event_id is None:
        return None, False
    with transaction.atomic():
        registration = registration_lock(event_id)
        registrant = Registrant.objects.select_for_update().filter(pk=registrant_id).first()
        if registrant is None or registration is None:
            return registrant, False
        registrant.event = registration.event
        if registrant.status != Status.PENDING or now >= registration.event.starts_at:
            return registrant, False
        taken = Registrant.objects.filter(event_id=event_id).holding_places().count()
        has_place = registration.capacity is None or taken < registration.capacity
        registrant.person = person_for_registrant(registrant)
        registrant.confirmed_at = now
        if has_place:
            registrant.status = Status.CONFIRMED
        else:
            registrant.status, registrant.waiting_since = Status.WAITING, now
        registrant.save(update_fields=["person", "confirmed_at", "status", "waiting_since"])
        if registrant.wants_email:
            person_record_consent(
                registrant.person,
                status=Person.EmailConsent.SUBSCRIBED,
                source=f"Event registration: {registration.event.title}",
                wording=registrant.consent_wording,
                changed_at=now,
            )
        registrant_mail(registrant, CONFIRMED_MAIL if has_place else WAITING_MAIL)
        if has_place:
            registrants_plan_mail(registration=registration, registrants=[registrant], now=now)
    return registrant, True


def registrant_mail(registrant, kind, due_at=None):
    return outbox_enqueue(
        kind=kind,
        about_id=registrant.pk,
        person_id=registrant.person_id,
        to_email=registrant.email,
        language=registrant.language,
        due_at=due_at,
    )


def person_for_registrant(registrant):
    """The person with the registrant's address, made from the registration when there is none
    (or, for a walk-in with no address, always made)."""
    if registrant.person_id:
        return registrant.person
    email = (registrant.email or "").strip().lower() or None
    if email:
        person = Person.objects.filter(email=email).first()
        if person:
            return person
    given_name, _, family_name = registrant.name.strip().rpartition(" ")
    try:
        with transaction.atomic():
            return Person.objects.create(
                email=email, given_name=given_name, family_name=family_name or registrant.name.strip()
            )
    except IntegrityError:
        # The same person confirmed something else at the same moment.
        return Person.objects.get(email=email)


# --- Cancelling and moving up -----------------------------------------------------------------------


def registrant_cancel(*, registrant_id, now=None):
    """Cancel a registration (from the registrant's mail, or by staff). A place it held goes to the
    first on the waiting list, who is mailed. Returns True when this call cancelled it."""
    now = now or timezone.now()
    event_id = Registrant.objects.filter(pk=registrant_id).values_list("event_id", flat=True).first()
    if event_id is None:
        return False
    with transaction.atomic():
        registration = registration_lock(event_id)
        registrant = Registrant.objects.select_for_update().filter(pk=registrant_id).first()
        if registrant is None or registrant.status == Status.CANCELLED:
            return False
        held_a_place = registrant.status == Status.CONFIRMED
        Registrant.objects.filter(pk=registrant_id).update(
            status=Status.CANCELLED, cancelled_at=now, waiting_since=None
        )
        for kind in ALL_MAIL:
            outbox_cancel(kind=kind, about_ids=[registrant_id], reason="The registration was cancelled.")
        if held_a_place and registration is not None and now < registration.event.starts_at:
            places_fill(registration, now=now)
    return True


def places_fill(registration, *, now):
    """Give free places to the first on the waiting list, in turn, and mail each. The caller holds
    the registration's lock. Returns the registrants moved up."""
    waiting = Registrant.objects.select_for_update().filter(event_id=registration.event_id).waiting_in_turn()
    if registration.capacity is not None:
        taken = Registrant.objects.filter(event_id=registration.event_id).holding_places().count()
        waiting = waiting[: max(0, registration.capacity - taken)]
    moved_up = list(waiting)
    if not moved_up:
        return []
    Registrant.objects.filter(pk__in=[r.pk for r in moved_up]).update(status=Status.CONFIRMED, waiting_since=None)
    for registrant in moved_up:
        registrant.status = Status.CONFIRMED
        registrant_mail(registrant, PROMOTED_MAIL)
    registrants_plan_mail(registration=registration, registrants=moved_up, now=now)
    return moved_up


def waiting_position(registrant):
    """1 for the first on the waiting list; None for someone not waiting."""
    if registrant.status != Status.WAITING:
        return None
    ahead = Q(waiting_since__lt=registrant.waiting_since) | Q(
        waiting_since=registrant.waiting_since, id__lt=registrant.pk
    )
    return Registrant.objects.filter(ahead, event_id=registrant.event_id, status=Status.WAITING).count() + 1


def event_registration_changed(*, event_id, now=None):
    """After staff change an event or its registration (its start, its places, its join link): free
    places go to those waiting, and every reminder and join link still to be sent moves to its new
    time. Safe to call any number of times."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = registration_lock(event_id)
        if registration is None:
            return
        if now < registration.event.starts_at:
            places_fill(registration, now=now)
        registrants = list(Registrant.objects.filter(event_id=event_id).exclude(status=Status.PENDING))
        registrants_plan_mail(registration=registration, registrants=registrants, now=now)


# --- Reminders and the join link ------------------------------------------------------------------


def planned_mail(registration, now):
    """{kind: due_at} of the reminders and join link a confirmed registrant is to get from now on.

    - A day and an hour before the start, unless that moment has passed.
    - The join link of an online or hybrid event, once it has one, `join_link_minutes_before` the
      start; at once if that moment has passed but the event is not over.
    - When the join link comes within the last hour, it is the hour's reminder: no second mail.
    """
    starts_at = registration.event.starts_at
    plan = {}
    if starts_at - timedelta(days=1) > now:
        plan[REMINDER_DAY_MAIL] = starts_at - timedelta(days=1)
    sends_join_link = registration.meets_online and bool(registration.join_url)
    if sends_join_link and now < registration.ends_at:
        plan[JOIN_LINK_MAIL] = max(registration.join_link_due_at, now)
    join_link_is_last_hour = sends_join_link and registration.join_link_minutes_before <= 60
    if starts_at - timedelta(hours=1) > now and not join_link_is_last_hour:
        plan[REMINDER_HOUR_MAIL] = starts_at - timedelta(hours=1)
    return plan


def registrants_plan_mail(*, registration, registrants, now=None):
    """Bring the outbox in step with `registrants` (of this event): for each one confirmed, every
    planned mail that has not gone out waits for its time (moved there if it was queued for another
    time, queued if missing); for the others, and for mail no longer planned, it is cancelled.
    A few queries per kind of mail, whatever the number of registrants."""
    now = now or timezone.now()
    plan = planned_mail(registration, now)
    confirmed = [r for r in registrants if r.status == Status.CONFIRMED and r.email]
    confirmed_ids = [r.pk for r in confirmed]
    other_ids = [r.pk for r in registrants if r.pk not in set(confirmed_ids)]
    # Mail that went out or is going: never queued twice. A cancelled row does not count.
    had = set(
        OutgoingMail.objects.filter(kind__in=PLANNED_MAIL, about_id__in=confirmed_ids)
        .exclude(status=OutgoingMail.Status.CANCELLED)
        .values_list("kind", "about_id")
    )
    for kind in PLANNED_MAIL:
        outbox_cancel(kind=kind, about_ids=other_ids, reason="The registration no longer holds a place.")
        if kind not in plan:
            outbox_cancel(kind=kind, about_ids=confirmed_ids, reason="No longer planned: the event changed.")
            continue
        outbox_reschedule(kind=kind, about_ids=confirmed_ids, due_at=plan[kind])
        for registrant in confirmed:
            if (kind, registrant.pk) not in had:
                registrant_mail(registrant, kind, due_at=plan[kind])


def event_registration_resend_join_link(*, event_id, now=None):
    """Send the (changed) join link to every confirmed registrant now. Before the join link's own
    time nothing is sent: the planned mail reads the link when it goes. Returns how many were queued."""
    now = now or timezone.now()
    registration = EventRegistration.objects.select_related("event").filter(event_id=event_id).first()
    if registration is None or not registration.join_url or not registration.meets_online:
        return 0
    if now < registration.join_link_due_at or now >= registration.ends_at:
        return 0
    registrants = Registrant.objects.filter(event_id=event_id, email__isnull=False).holding_places()
    with transaction.atomic():
        for registrant in registrants:
            registrant_mail(registrant, JOIN_LINK_AGAIN_MAIL)
    return len(registrants)


def event_registration_send_follow_up(*, event_id, now=None):
    """Thank every confirmed registrant after the event, with its page and its recording: once per
    event, from its start. Returns how many were queued (0 when it was sent already)."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = EventRegistration.objects.filter(
            event_id=event_id, follow_up_sent_at__isnull=True, event__starts_at__lte=now
        ).update(follow_up_sent_at=now)
        if not claimed:
            return 0
        registrants = Registrant.objects.filter(event_id=event_id, email__isnull=False).holding_places()
        for registrant in registrants:
            registrant_mail(registrant, FOLLOW_UP_MAIL)
    return len(registrants)


# --- At the door ----------------------------------------------------------------------------------


def registrant_check_in(*, registrant_id, arrived=True, now=None):
    """Tick (or untick) a registrant as arrived. Arriving links their person to the event as an
    attendee (named in public only if their profile is: events.services); someone let in from the
    waiting list now holds a place. Returns the registrant, or None when it is not on the list."""
    now = now or timezone.now()
    event_id = Registrant.objects.filter(pk=registrant_id).values_list("event_id", flat=True).first()
    if event_id is None:
        return None
    with transaction.atomic():
        registration_lock(event_id)
        registrant = Registrant.objects.select_for_update().filter(pk=registrant_id).first()
        if registrant is None or registrant.status not in (Status.CONFIRMED, Status.WAITING):
            return None
        if arrived:
            registrant.person = person_for_registrant(registrant)
            registrant.attended_at = registrant.attended_at or now
            registrant.status, registrant.waiting_since = Status.CONFIRMED, None
            Participant.objects.get_or_create(
                event_id=event_id, person=registrant.person, role=Participant.Role.ATTENDEE, defaults={"order": 1000}
            )
        else:
            registrant.attended_at = None
            if registrant.person_id:
                Participant.objects.filter(
                    event_id=event_id, person_id=registrant.person_id, role=Participant.Role.ATTENDEE
                ).delete()
        registrant.save(update_fields=["person", "attended_at", "status", "waiting_since"])
    return registrant


def registrant_add_walk_in(*, event_id, name, organisation="", now=None):
    """Someone who comes without registering: on the list as arrived, with a person of their own.
    No address is taken at the door: nothing is mailed to a walk-in."""
    now = now or timezone.now()
    registrant = Registrant.objects.create(
        event_id=event_id,
        name=name,
        organisation=organisation,
        status=Status.CONFIRMED,
        is_walk_in=True,
        created_at=now,
        confirmed_at=now,
    )
    return registrant_check_in(registrant_id=registrant.pk, now=now)


def registration_counts(event_ids):
    """{event_id: {"registered", "confirmed", "waiting", "attended", "cancelled"}} in one query.
    "registered" counts everyone who has not cancelled, confirmed or not."""
    rows = (
        Registrant.objects.filter(event_id__in=event_ids)
        .values("event_id")
        .annotate(
            registered=Count("id", filter=~Q(status=Status.CANCELLED)),
            confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("id", filter=Q(status=Status.WAITING)),
            attended=Count("id", filter=Q(attended_at__isnull=False)),
            cancelled=Count("id", filter=Q(status=Status.CANCELLED)),
        )
        .order_by()
    )
    empty = dict.fromkeys(["registered", "confirmed", "waiting", "attended", "cancelled"], 0)
    counts = {event_id: dict(empty) for event_id in event_ids}
    for row in rows:
        counts[row.pop("event_id")] = row
    return counts


# --- Keeping no more than needed ------------------------------------------------------------------


def registrants_erase(registrants, *, now=None):
    """Remove everything that names `registrants`, keeping their status, arrival and turn, so that
    every count still holds. Their mail goes too (it names the address). Returns how many changed."""
    now = now or timezone.now()
    ids = list(registrants.filter(names_erased_at__isnull=True).values_list("pk", flat=True))
    changed = Registrant.objects.filter(pk__in=ids).update(
        name=ERASED_NAME,
        email=None,
        email_normalised=None,
        organisation="",
        name_on_id="",
        accessibility_needs="",
        consent_wording="",
        person=None,
        names_erased_at=now,
    )
    OutgoingMail.objects.filter(kind__in=ALL_MAIL, about_id__in=ids).delete()
    return changed


def registrants_erase_after_events(*, now=None):
    """Erase the guest lists of events over for more than REGISTRATION_KEEP_DAYS. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REGISTRATION_KEEP_DAYS)
    over = Q(event__ends_at__lt=cutoff) | Q(
        event__ends_at__isnull=True, event__starts_at__lt=cutoff - timedelta(days=1)
    )
    return registrants_erase(Registrant.objects.filter(over), now=now)


def registrants_purge_unconfirmed(*, now=None):
    """Delete registrants who never confirmed before their link expired, with their mail. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.REGISTRATION_CONFIRMATION_MAX_AGE)
    expired = Registrant.objects.filter(status=Status.PENDING, created_at__lt=cutoff)
    ids = list(expired.values_list("pk", flat=True))
    OutgoingMail.objects.filter(kind__in=ALL_MAIL, about_id__in=ids).delete()
    deleted, _ = Registrant.objects.filter(pk__in=ids).delete()
    return deleted
