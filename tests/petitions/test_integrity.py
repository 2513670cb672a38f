"""Counts and uniqueness that hold under concurrency, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from petitions.models import Signature
from petitions.services import signature_confirm, signature_submit, signatures_set_status

from .factories import make_petition


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_identical_submissions_leave_one_row():
    petition = make_petition()
    barrier = threading.Barrier(50)
    errors = []

    def submit(i):
        try:
            barrier.wait()
            signature_submit(petition=petition, name="Ada Lovelace", email=f"Ada.Lovelace+{i}@gmail.com", country="GB")
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Signature.objects.filter(petition=petition).count() == 1
    # Only the first submission and two re-sends may ask for mail, however many arrive at once.
    assert Signature.objects.get().confirmation_mails_sent == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_count_each_signature_once():
    petition = make_petition()
    signatures = [
        signature_submit(petition=petition, name=f"Signer {i}", email=f"s{i}@example.org", country="GB")
        for i in range(20)
    ]
    barrier = threading.Barrier(40)

    def confirm(signature_id):
        barrier.wait()
        signature_confirm(signature_id)
        connection.close()

    # Every signature confirmed twice at once: a double click, or a scanner and a person.
    threads = [threading.Thread(target=confirm, args=(signature_id,)) for signature_id in signatures * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert type(petition).objects.with_signature_count().get(pk=petition.pk).signature_count == 20


@pytest.mark.django_db
def test_invalidating_a_signature_takes_it_off_the_count(client, settings):
    settings.PUBLIC_COUNTRY_MIN_SIGNATURES = 1  # every country named, to see each one's count move
    petition = make_petition()
    signature_id = signature_submit(petition=petition, name="Ada Lovelace", email="ada@example.org", country="GB")
    signature_confirm(signature_id)
    signature_confirm(signature_submit(petition=petition, name="Bob Smith", email="bob@example.org", country="FR"))
    signature = Signature.objects.get(pk=signature_id)

    def count():
        return client.get(f"/petitions/{petition.slug}.json").json()

    assert count()["signature_count"] == 2
    signatures_set_status(Signature.objects.filter(pk=signature.pk), Signature.Status.FRAUDULENT)
    assert count()["signature_count"] == 1
    assert count()["signatures_by_country"] == {"FR": 1}
    signatures_set_status(Signature.objects.filter(pk=signature.pk), Signature.Status.VALIDATED)
    assert count()["signatures_by_country"] == {"FR": 1, "GB": 1}
