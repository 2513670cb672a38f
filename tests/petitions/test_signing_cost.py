"""What a signing POST costs the database and Redis, whatever the petition already holds: the
surge benchmark's figures rest on these numbers (bench/README.md)."""

import pytest
from django.test import Client
from django.urls import reverse

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
