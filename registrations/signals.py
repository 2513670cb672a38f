"""When staff save an event or its registration (a new start, more places, a join link), the
places and the mail waiting in the outbox follow: free places go to those waiting, reminders and
join links move to their new times (services.event_registration_changed, in the same transaction)."""

from .services import event_registration_changed


def event_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loading fixtures
        event_registration_changed(event_id=instance.pk)


def event_registration_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        event_registration_changed(event_id=instance.event_id)
