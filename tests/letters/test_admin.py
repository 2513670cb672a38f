"""Letter text in the admin: read only by staff given letters.view_letter_text."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from letters.models import Letter
from letters.similarity import shingles_of

from ..conftest import log_in_verified, make_staff_user
from .factories import OWN_LETTER, make_letter_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter():
    return Letter.objects.create(
        campaign=make_letter_campaign(), writer_name="Ada Lovelace", writer_address="12 Pulteney Street\nBath",
        writer_postcode="BA1 1SU", writer_email="ada@example.org", writer_email_normalised="ada@example.org",
        subject="An independent inquiry", body=OWN_LETTER, shingles=shingles_of(OWN_LETTER),
    )  # fmt: skip


def staff_client(django_user_model, *codenames):
    user = make_staff_user(django_user_model, "letters-staff", "Editors")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="letters", codename__in=codenames))
    return log_in_verified(Client(), user)


def test_staff_without_the_permission_see_the_letter_but_not_its_text(django_user_model, letter):
    client = staff_client(django_user_model, "view_letter")
    page = client.get(reverse("admin:letters_letter_change", args=[letter.pk])).content.decode()
    assert "Awaiting the writer" in page
    assert "Evin prison" not in page
    assert "Pulteney Street" not in page
    assert "ada@example.org" not in page


def test_staff_with_the_permission_read_the_text(django_user_model, letter):
    client = staff_client(django_user_model, "view_letter", "view_letter_text")
    page = client.get(reverse("admin:letters_letter_change", args=[letter.pk])).content.decode()
    assert "Evin prison" in page


def test_letter_campaigns_are_edited_in_both_languages(admin_client):
    page = admin_client.get(reverse("admin:letters_lettercampaign_add")).content.decode()
    assert 'name="suggested_opening_en_gb"' in page
    assert 'name="suggested_opening_fa"' in page
