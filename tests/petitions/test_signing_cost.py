"""What a signing POST costs the database and Redis, whatever the petition already holds: the
surge benchmark's figures rest on these numbers (bench/README.md)."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingMail
from petitions.models import Signature

from .factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


def sign(petition, email):
    client = Client(REMOTE_ADDR="10.9.8.7")
    return client.post(reverse("petitions:sign", args=[petition.slug]), signing_form(email=email))


def add_signatures(petition, count):
    Signature.objects.bulk_create(
        Signature(petition=petition, name=f"Earlier {n}", email=f"earlier{n}@example.org",
                  email_normalised=f"earlier{n}@example.org", country="GB")
        for n in range(count)
    )  # fmt: skip


@pytest.mark.parametrize("earlier", [0, 300])
def test_a_new_signature_and_its_mail_take_two_queries(django_assert_num_queries, earlier):
    petition = make_petition()
    add_signatures(petition, earlier)
    with django_assert_num_queries(2):  # the petition, then the signature with its mail in one statement
        response = sign(petition, "new.signer@example.org")
    assert response.status_code == 302
    signature = Signature.objects.get(email="new.signer@example.org")
    assert OutgoingMail.objects.filter(kind="signature_confirmation", about_id=signature.pk).count() == 1


@pytest.fixture
def kept_petitions(settings):
    from petitions.views import SIGNING_PETITIONS

    settings.PETITION_PAGE_CACHE_SECONDS = 60
    SIGNING_PETITIONS.clear()
    yield
    SIGNING_PETITIONS.clear()


def test_under_a_surge_each_process_reads_the_petition_once_per_page_copy(django_assert_num_queries, kept_petitions):
    petition = make_petition()
    assert sign(petition, "first@example.org").status_code == 302
    with django_assert_num_queries(1):  # the signature with its mail: the petition is the process's copy
        assert sign(petition, "second@example.org").status_code == 302
    assert Signature.objects.filter(petition=petition).count() == 2


def test_a_kept_petition_still_closes_on_the_second_of_its_deadline(kept_petitions):
    # Three seconds, so that a slow first request on a busy machine still signs in time.
    petition = make_petition(closes_at=timezone.now() + timedelta(seconds=3))
    assert sign(petition, "in.time@example.org").status_code == 302
    time.sleep(max(0, (petition.closes_at - timezone.now()).total_seconds()) + 0.2)  # past it, within the copy's minute
    assert sign(petition, "too.late@example.org").status_code == 409
    assert not Signature.objects.filter(email="too.late@example.org").exists()
