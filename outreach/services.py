"""Scheduling and sending mailings.

How a mailing goes out:
1. Staff schedule it (`mailing_schedule`): status SCHEDULED with a `send_at`.
2. Celery beat runs `mailings_start_due` every few seconds. A due mailing is started
   (`mailing_start`): one outbox row per recipient is written (kind "mailing", about the mailing)
   and the mailing becomes SENDING, in one transaction.
3. The outbox sends those rows like any other mail (outbox/services.py): claimed in batches by any
   number of workers, each message built from the mailing and its recipient (outreach/mail.py),
   retried, failed or marked sent one by one.
4. After each batch, `mailing_after_batch` pauses a mailing whose failure rate is too high and
   marks a mailing SENT once none of its mail is left to send, telling staff of any that failed.
Pausing holds the mailing's waiting rows in the outbox; resuming releases them; cancelling
cancels them. Mail already in flight finishes.
"""

import json
import logging
import zoneinfo

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from outbox.models import OutgoingMail
from outbox.services import (
    alert_staff,
    outbox_cancel,
    outbox_counts,
    outbox_enqueue,
    outbox_enqueue_composed,
    outbox_enqueue_select,
    outbox_hold,
    outbox_release,
)
from people.models import Person

from .models import MAILING_MAIL, RESUBSCRIBE_MAIL, Mailing, RecurringMailing
from .rendering import MailingRenderer

logger = logging.getLogger(__name__)


class MailingStateError(Exception):
    """The mailing is not in a state that allows what was asked."""


# --- What staff do -------------------------------------------------------------------------------


def mailing_schedule(mailing, *, send_at=None):
    """Schedule a draft for its send time. A mailing without one is refused: "Send now" is its own
    action (`mailing_send_now`), never what scheduling does by default."""
    send_at = send_at or mailing.send_at
    if send_at is None:
        raise MailingStateError(_("Set a send time first, or use “Send now”."))
    updated = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
        status=Mailing.Status.SCHEDULED, send_at=send_at, status_note=""
    )
    if not updated:
        raise MailingStateError(_("Only a draft can be scheduled."))
    mailing.refresh_from_db()
    return mailing


def mailing_send_now(mailing, *, now=None):
    """Start a draft at once (the explicit "Send now"). Returns the number of recipients."""
    now = now or timezone.now()
    updated = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
        status=Mailing.Status.SCHEDULED, send_at=now, status_note=""
    )
    if not updated:
        raise MailingStateError(_("Only a draft can be sent now."))
    recipients = mailing_start(mailing.pk, now=now)
    mailing.refresh_from_db()
    return recipients


def mailing_unschedule(mailing):
    if not Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SCHEDULED).update(status=Mailing.Status.DRAFT):
        raise MailingStateError(_("Only a scheduled mailing that has not started can go back to draft."))
    mailing.refresh_from_db()


def mailing_pause(mailing, note="Paused by staff."):
    """No new message starts; those in flight finish."""
    with transaction.atomic():
        updated = Mailing.objects.filter(
            pk=mailing.pk, status__in=[Mailing.Status.SENDING, Mailing.Status.SCHEDULED]
        ).update(status=Mailing.Status.PAUSED, status_note=note[:255])
        if not updated:
            raise MailingStateError(_("Only a scheduled or sending mailing can be paused."))
        outbox_hold(kind=MAILING_MAIL, about_id=mailing.pk)
    mailing.refresh_from_db()


def mailing_resume(mailing):
    with transaction.atomic():
        current = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if current.status != Mailing.Status.PAUSED:
            raise MailingStateError(_("Only a paused mailing can be resumed."))
        current.status = Mailing.Status.SENDING if current.started_at else Mailing.Status.SCHEDULED
        current.status_note = ""
        current.save(update_fields=["status", "status_note"])
        outbox_release(kind=MAILING_MAIL, about_id=mailing.pk)
    mailing.refresh_from_db()


def mailing_cancel(mailing):
    """No further message goes out; those already sent stay sent."""
    with transaction.atomic():
        updated = Mailing.objects.filter(
            pk=mailing.pk, status__in=[Mailing.Status.SCHEDULED, Mailing.Status.SENDING, Mailing.Status.PAUSED]
        ).update(status=Mailing.Status.CANCELLED, finished_at=timezone.now())
        if not updated:
            raise MailingStateError(_("Only a scheduled, sending or paused mailing can be cancelled."))
        outbox_cancel(kind=MAILING_MAIL, about_id=mailing.pk, reason="The mailing was cancelled.")
    mailing.refresh_from_db()


def mailing_duplicate(mailing, *, created_by=None):
    copy = Mailing.objects.get(pk=mailing.pk)
    copy.pk = None
    copy.name = (_("Copy of %(name)s") % {"name": mailing.name})[:200]
    copy.status = Mailing.Status.DRAFT
    copy.status_note = ""
    copy.send_at = copy.started_at = copy.finished_at = None
    copy.recurrence = None
    copy.occurrence_key = ""
    copy.created_by = created_by
    copy.save()
    return copy


def mailing_send_test(mailing, *, to_email, person=None):
    """Queue one copy for a member of staff, rendered for `person` (or a made-up recipient), marked
    [TEST]. It goes through the outbox like every mail, but is not part of the mailing's log."""
    person = person or Person(given_name="Test", family_name="Recipient", pk=0)
    subject, text, html, values = MailingRenderer(mailing).parts(person)
    return outbox_enqueue_composed(
        to_email=to_email,
        subject=f"[TEST] {subject}",
        text=text,
        html=html,
        from_email=MailingRenderer(mailing).from_header,
        reply_to=[mailing.reply_to] if mailing.reply_to else [],
    )


def mailing_versions(mailing):
    """[(language code, language name, written)] for the mailing's subject in each language of the
    site, when mailings hold a version per language (django-modeltranslation fields)."""
    versions = []
    for code, name in settings.LANGUAGES:
        field = f"subject_{code.replace('-', '_')}"
        if hasattr(mailing, field):
            versions.append((code, name, bool(getattr(mailing, field))))
    return versions


def mailing_progress(mailing):
    """The true state of a mailing's mail, for its page (which polls it while anything can change)."""
    counts = outbox_counts(kind=MAILING_MAIL, about_id=mailing.pk)
    total = sum(counts.values())
    done = counts["sent"] + counts["failed"] + counts["cancelled"]
    return {
        "in_flight": counts["in_flight"],
        "held": counts["held"],
        "status": mailing.status,
        "status_display": mailing.get_status_display(),
        "status_note": mailing.status_note,
        "total": total,
        "sent": counts["sent"],
        "failed": counts["failed"],
        "skipped": counts["cancelled"],
        "cancelled": counts["cancelled"],
        "pending": total - done,
        "percent_done": round(100 * done / total) if total else 0,
    }


def person_resubscribe_request(person):
    """Mail the person a link that puts them back on the list: at most one an hour, so that a
    forwarded unsubscribe link cannot be used to flood their inbox."""
    if not person.email or not cache.add(f"outreach:resubscribe:{person.pk}", 1, timeout=3600):
        return None
    return outbox_enqueue(kind=RESUBSCRIBE_MAIL, about_id=person.pk, person_id=person.pk, to_email=person.email)


# --- What the beat does --------------------------------------------------------------------------


def mailings_start_due(now=None):
    """Start every mailing whose send time has come. Returns the ids started."""
    now = now or timezone.now()
    started = []
    for mailing_id in Mailing.objects.due(now).values_list("pk", flat=True):
        if mailing_start(mailing_id, now=now) is not None:
            started.append(mailing_id)
    return started


def mailing_start(mailing_id, *, now=None):
    """Queue the mail of a due mailing and mark it SENDING. Returns the number of recipients, or
    None when the mailing was not due (already started by another beat, paused, cancelled)."""
    now = now or timezone.now()
    with transaction.atomic():
        mailing = (
            Mailing.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("audience")
            .filter(pk=mailing_id, status=Mailing.Status.SCHEDULED, send_at__lte=now)
            .first()
        )
        if mailing is None:
            return None
        recipients = outbox_enqueue_select(
            kind=MAILING_MAIL, about_id=mailing.pk, recipients=mailing.audience.people(), now=now
        )
        mailing.status = Mailing.Status.SENDING if recipients else Mailing.Status.SENT
        mailing.started_at = now
        mailing.finished_at = None if recipients else now
        mailing.status_note = "" if recipients else "Nobody in the audience could be written to."
        mailing.save(update_fields=["status", "started_at", "finished_at", "status_note"])
    logger.info("Mailing %s started with %s recipients", mailing_id, recipients)
    return recipients


def mailing_after_batch(mailing_id, *, had_failures):
    """After the outbox sent a batch of this mailing: pause it if too much fails, finish it if done."""
    if had_failures:
        mailing_pause_if_failing(mailing_id)
    mailing_finish_if_done(mailing_id)


def mailing_finish_if_done(mailing_id):
    """Mark a sending mailing SENT once none of its mail is waiting or in flight; tell staff when
    some of it failed, so that no failure goes unnoticed under "sent"."""
    left = OutgoingMail.objects.about(MAILING_MAIL, mailing_id).filter(status__in=OutgoingMail.UNFINISHED)
    if left.exists():
        return False
    counts = outbox_counts(kind=MAILING_MAIL, about_id=mailing_id)
    note = f"Sent to {counts['sent']}."
    if counts["failed"]:
        note = f"Sent to {counts['sent']}; {counts['failed']} failed (see the log)."
    finished = Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.SENDING).update(
        status=Mailing.Status.SENT, finished_at=timezone.now(), status_note=note
    )
    if finished and counts["failed"]:
        mailing = Mailing.objects.select_related("created_by").get(pk=mailing_id)
        mailing_alert(mailing, f"Mailing sent with failures: {mailing.name}", note)
    return bool(finished)


def mailing_pause_if_failing(mailing_id):
    """Pause a mailing whose failure rate passes OUTREACH_ERROR_THRESHOLD, and tell staff."""
    counts = outbox_counts(kind=MAILING_MAIL, about_id=mailing_id)
    failed, attempted = counts["failed"], counts["failed"] + counts["sent"]
    if attempted < settings.OUTREACH_ERROR_MIN_SAMPLE or failed / attempted <= settings.OUTREACH_ERROR_THRESHOLD:
        return False
    note = f"Paused automatically: {failed} of {attempted} messages failed."
    with transaction.atomic():
        paused = Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.SENDING).update(
            status=Mailing.Status.PAUSED, status_note=note
        )
        if paused:
            outbox_hold(kind=MAILING_MAIL, about_id=mailing_id)
    if paused:
        logger.error("Mailing %s: %s", mailing_id, note)
        mailing = Mailing.objects.select_related("created_by").get(pk=mailing_id)
        mailing_alert(mailing, f"Mailing paused: {mailing.name}", note)
    return bool(paused)


def mailing_alert(mailing, subject, note):
    admin_url = f"{settings.SITE_URL}/admin/outreach/mailing/{mailing.pk}/change/"
    author = mailing.created_by.email if mailing.created_by and mailing.created_by.email else None
    alert_staff(subject, f"{note}\n\nSee the per-recipient log in the admin: {admin_url}", recipients=[author])


# --- Recurring mailings --------------------------------------------------------------------------


def recurring_mailing_save_schedule(recurring):
    """Keep the recurring mailing's django-celery-beat entry in step with it: a crontab in the
    organisation's time zone made from its schedule in words, and the task that makes each copy."""
    crontab, _created = CrontabSchedule.objects.get_or_create(
        **recurring.crontab_fields(), timezone=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    task, _created = PeriodicTask.objects.update_or_create(
        name=f"Recurring mailing #{recurring.pk}",
        defaults={
            "task": "outreach.tasks.occur_recurring_mailing",
            "args": json.dumps([recurring.pk]),
            "crontab": crontab,
            "interval": None,
            "enabled": recurring.is_active,
            "description": f"{recurring.name}: {recurring.describe_schedule()}",
        },
    )
    if recurring.periodic_task_id != task.pk or recurring.crontab_id != crontab.pk:
        RecurringMailing.objects.filter(pk=recurring.pk).update(periodic_task=task, crontab=crontab)
        recurring.periodic_task, recurring.crontab = task, crontab
    return task


def recurring_mailing_remove_schedule(recurring):
    """Its beat entry goes with it (called when a recurring mailing is deleted, whoever deletes it)."""
    PeriodicTask.objects.filter(name=f"Recurring mailing #{recurring.pk}").delete()


def recurring_mailing_occur(recurring_id, *, now=None):
    """Schedule this occurrence of a recurring mailing. A second call for the same minute (a beat
    that fired twice) creates nothing."""
    now = now or timezone.now()
    recurring = RecurringMailing.objects.select_related("template").filter(pk=recurring_id, is_active=True).first()
    if recurring is None:
        return None
    key = now.replace(second=0, microsecond=0).isoformat()
    if Mailing.objects.filter(recurrence=recurring, occurrence_key=key).exists():
        return None
    try:
        with transaction.atomic():
            copy = mailing_duplicate(recurring.template)
            copy.name = f"{recurring.name}: {timezone.localtime(now):%-d %B %Y %H:%M}"[:200]
            copy.status, copy.send_at = Mailing.Status.SCHEDULED, now
            copy.recurrence, copy.occurrence_key = recurring, key
            copy.save()
    except IntegrityError:  # another beat scheduled this occurrence at the same moment
        return None
    return copy
