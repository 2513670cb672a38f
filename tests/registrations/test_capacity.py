"""Places and the waiting list under concurrent confirmations and cancellations, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from outbox.models import OutgoingMail
from registrations.models import Registrant
from registrations.services import (
    PROMOTED_MAIL,
    REMINDER_DAY_MAIL,
    WAITING_MAIL,
    event_registration_changed,
    registrant_cancel,
    registrant_confirm,
    waiting_position,
)

from .factories import make_registrant, make_registration

pytestmark = pytest.mark.django_db(transaction=True)


def statuses(registration):
    return list(Registrant.objects.filter(event=registration.event).values_list("status", flat=True))


def test_fifty_confirming_at_once_for_the_last_five_places_give_exactly_five():
    registration = make_registration(capacity=20)
    for i in range(15):
        make_registrant(registration, f"early{i}@example.org")
    pending = [make_registrant(registration, f"late{i}@example.org", confirm=False) for i in range(50)]
    barrier = threading.Barrier(50)
    errors = []

    def confirm(registrant_id):
        try:
            barrier.wait()
            registrant_confirm(registrant_id=registrant_id)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(r.pk,)) for r in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    late = Registrant.objects.filter(email__startswith="late")
    assert late.filter(status="confirmed").count() == 5
    assert late.filter(status="waiting").count() == 45
    assert Registrant.objects.filter(status="confirmed").count() == 20
    # Each waits in a turn of their own, and each was told so, once.
    positions = sorted(waiting_position(r) for r in late.filter(status="waiting"))
    assert positions == list(range(1, 46))
    assert OutgoingMail.objects.filter(kind=WAITING_MAIL).count() == 45


def test_a_cancellation_gives_the_place_to_the_first_waiting_who_is_mailed():
    registration = make_registration(capacity=2)
    holder = make_registrant(registration, "holder@example.org")
    make_registrant(registration, "second@example.org")
    first_waiting = make_registrant(registration, "first@example.org")
    next_waiting = make_registrant(registration, "next@example.org")
    assert (first_waiting.status, next_waiting.status) == ("waiting", "waiting")

    assert registrant_cancel(registrant_id=holder.pk)
    first_waiting.refresh_from_db(), next_waiting.refresh_from_db()
    assert first_waiting.status == "confirmed"
    assert next_waiting.status == "waiting" and waiting_position(next_waiting) == 1
    assert OutgoingMail.objects.filter(kind=PROMOTED_MAIL, about_id=first_waiting.pk).count() == 1
    # The one who moved up gets the reminders; the one who left gets none of theirs.
    assert OutgoingMail.objects.filter(kind=REMINDER_DAY_MAIL, about_id=first_waiting.pk, status="queued").exists()
    assert not OutgoingMail.objects.filter(about_id=holder.pk, status="queued").exists()
    assert not registrant_cancel(registrant_id=holder.pk)  # a second click changes nothing


def test_cancellations_at_once_move_up_as_many_as_they_free():
    registration = make_registration(capacity=5)
    holders = [make_registrant(registration, f"holder{i}@example.org") for i in range(5)]
    for i in range(10):
        make_registrant(registration, f"waiting{i}@example.org")
    barrier = threading.Barrier(5)

    def cancel(registrant_id):
        barrier.wait()
        registrant_cancel(registrant_id=registrant_id)
        connection.close()

    threads = [threading.Thread(target=cancel, args=(h.pk,)) for h in holders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    confirmed = set(Registrant.objects.filter(status="confirmed").values_list("email", flat=True))
    assert confirmed == {f"waiting{i}@example.org" for i in range(5)}  # the first five, in turn
    assert OutgoingMail.objects.filter(kind=PROMOTED_MAIL).count() == 5


def test_more_places_move_those_waiting_up():
    registration = make_registration(capacity=1)
    for i in range(4):
        make_registrant(registration, f"guest{i}@example.org")
    registration.capacity = 3
    registration.save()  # as staff do in the admin
    assert sorted(statuses(registration)) == ["confirmed", "confirmed", "confirmed", "waiting"]
    registration.capacity = None
    registration.save()
    event_registration_changed(event_id=registration.event_id)
    assert statuses(registration) == ["confirmed"] * 4
