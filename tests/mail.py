"""Running the outbox in the test process, as a worker would."""

from outbox.services import outbox_send_due


def send_outbox():
    """Send everything due now, as one sender run would; returns how many messages were sent."""
    return outbox_send_due(max_seconds=30).sent
