"""Sent after mail is written to the outbox (count: how many rows). outbox.tasks listens and wakes
senders once the transaction commits, so that services never import tasks."""

from django.dispatch import Signal

mail_queued = Signal()
