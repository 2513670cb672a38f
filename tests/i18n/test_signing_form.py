"""The signing form on a Persian page: its labels, its errors and its country list in Persian, and
the consent wording a signer read kept in the language they read it in."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from petitions.models import Signature
from petitions.services import CONSENT_WORDING
from tests.petitions.factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return make_petition(asks_postcode=True)


def sign(petition, language_prefix="", **fields):
    # (A request to a /fa/ page leaves Persian active in this thread: reverse() would add /fa/ itself.)
    with translation.override("en-gb"):
        path = language_prefix + reverse("petitions:sign", args=[petition.slug])
    return Client().post(path, signing_form(**fields))


def test_a_mistake_is_explained_in_persian_on_the_persian_page(petition):
    response = sign(petition, "/fa", name="A", email="someone@1.2.3.4", country="GB", postcode="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "لطفاً نام و نام خانوادگی خود را کامل بنویسید." in page
    assert "لطفاً نشانی‌ای با نام دامنه (مانند example.org) وارد کنید، نه با نشانی IP." in page
    assert "لطفاً کد پستی خود را وارد کنید." in page
    assert "Please enter your full name." not in page
    # The same mistakes on the English page, in English.
    english = sign(petition, name="A", email="someone@1.2.3.4", country="GB", postcode="").content.decode()
    assert "Please enter your full name." in english and "لطفاً" not in english


def test_the_form_and_its_country_list_are_in_persian_and_sorted_as_persian_is(petition):
    page = Client().get(f"/fa{petition.get_absolute_url()}").content.decode()
    for label in ("نام و نام خانوادگی", "نشانی ایمیل", "کشور", "کد پستی", "امضای دادخواست"):
        assert label in page
    options = re.findall(r'<option value="([A-Z]*)"[^>]*>([^<]*)</option>', page)
    assert options[0] == ("", "کشور خود را انتخاب کنید")
    names = [name for _code, name in options[1:]]
    assert dict(options)["IR"] == "ایران" and dict(options)["GB"] == "بریتانیا"
    # Persian alphabetical order (آ ا ب پ ت … چ … ژ … ک گ … ی), not the order of the English names.
    in_order = ["آلمان", "ایران", "بریتانیا", "پاکستان", "ترکیه", "چین", "ژاپن", "کانادا", "گرجستان", "یمن"]
    assert [names.index(name) for name in in_order] == sorted(names.index(name) for name in in_order)


def test_a_persian_name_signs(petition):
    response = sign(petition, "/fa", name="مریم رجوی", email="maryam@example.org")
    assert response.status_code == 302 and response["Location"].startswith("/fa/petitions/")
    assert Signature.objects.get().name == "مریم رجوی"


def test_the_consent_wording_is_kept_in_the_language_the_signer_read(petition):
    persian_page = Client().get(f"/fa{petition.get_absolute_url()}").content.decode()
    persian_wording = "بله، دربارهٔ این کارزار برایم ایمیل بفرستید"
    assert persian_wording in persian_page
    sign(petition, "/fa", email="fa@example.org", wants_email="on")
    sign(petition, email="en@example.org", wants_email="on")
    assert Signature.objects.get(email="fa@example.org").consent_wording.startswith(persian_wording)
    assert Signature.objects.get(email="en@example.org").consent_wording == CONSENT_WORDING
