"""The outbox's Celery tasks: thin, idempotent, and the only place that queues them.

Services send `mail_queued` after writing mail; the receiver here wakes senders once the
transaction commits. Waking is only a hint: beat's `tick` finds due mail whatever happened to
the tasks, so a lost task or a flushed Redis delays mail by a tick at most.
"""

import logging
import math

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from campaign.counters import set_first_absent

from . import services
from .signals import mail_queued

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_due_mail():
    """Send what is due; safe to run any number of times at once (each mail is claimed once)."""
    report = services.outbox_send_due()
    if report.more_due:
        send_due_mail.delay()  # hand over to a fresh task rather than hold a worker for ever
    return report.sent


@shared_task
def tick():
    """Run by beat every MAIL_TICK_SECONDS: queue senders when mail waits and nobody is sending."""
    if services.outbox_needs_senders():
        wake_senders(settings.MAIL_PARALLEL_SENDERS)


@shared_task
def purge_sent_mail():
    return services.outbox_purge()


def wake_senders(count):
    try:
        if count <= 1:
            # Under a surge of signatures, one task a second is plenty: a sender sends all that is due.
            # Both flags in one round trip to Redis: the first not yet set is set.
            flag = set_first_absent(["outbox:wake", "outbox:wake-later"], 1)
            if flag == 0:
                send_due_mail.delay()
            elif flag == 1:
                # Mail queued just after a sender was woken may come after it looked: one more
                # sender a second later, so it waits a second, not until beat's next tick.
                send_due_mail.apply_async(countdown=1)
            return
        for _ in range(count):
            send_due_mail.delay()
    except Exception:  # noqa: BLE001 (a broker outage must not fail the request that queued mail)
        logger.warning("Could not wake a mail sender; beat's tick will", exc_info=True)


@receiver(mail_queued)
def wake_senders_after_commit(sender, count=1, **kwargs):
    senders = min(settings.MAIL_PARALLEL_SENDERS, max(1, math.ceil(count / settings.MAIL_BATCH_SIZE)))
    transaction.on_commit(lambda: wake_senders(senders if count > 1 else 1))
