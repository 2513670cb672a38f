"""Every public page in English and in Persian: the right language and direction, and Persian words
on the Persian page (what a reader sees, not only the attributes), with no English heading left."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from campaign.errors import server_error
from outreach.tokens import make_resubscribe_token, make_unsubscribe_token
from people.models import Person
from petitions.models import Petition, Signature
from petitions.services import signature_confirm, signature_submit
from petitions.tokens import make_confirmation_token

pytestmark = pytest.mark.django_db

ENGLISH = '<html lang="en-gb" dir="ltr">'
PERSIAN = '<html lang="fa" dir="rtl">'


def demo_petition():
    return Petition.objects.get(slug="independent-inquiry-1988-massacre")


def a_signature(email="ada@example.org", confirmed=False):
    signature_id = signature_submit(petition=demo_petition(), name="Ada Lovelace", email=email, country="GB")
    if confirmed:
        signature_confirm(signature_id)
    return Signature.objects.get(pk=signature_id)


def a_supporter():
    return Person.objects.create(
        given_name="Sam", family_name="Supporter", email="sam@example.org", email_consent="subscribed"
    )


# Each page: how to reach it (an unprefixed address and its status), a heading in English, and the
# same in Persian.
PAGES = {
    "home": (lambda demo: "/", 200, "Sign a petition", "دادخواستی را امضا کنید"),
    "event": (lambda demo: demo.get_absolute_url(), 200, "Who took part", "شرکت‌کنندگان"),
    "petition": (
        lambda demo: demo_petition().get_absolute_url(),
        200,
        "Sign this petition",
        "این دادخواست را امضا کنید",
    ),
    "signed": (
        lambda demo: reverse("petitions:signed", args=[demo_petition().slug]),
        200,
        "Check your email",
        "ایمیل خود را ببینید",
    ),
    "confirm": (
        lambda demo: reverse("petitions:confirm", args=[make_confirmation_token(a_signature())]),
        200,
        "Confirm my signature",
        "امضایم را تأیید می‌کنم",
    ),
    "confirmed": (
        lambda demo: reverse("petitions:confirm", args=[make_confirmation_token(a_signature(confirmed=True))]),
        200,
        "Thank you: your signature counts",
        "سپاسگزاریم: امضای شما شمرده شد",
    ),
    "link problem": (
        lambda demo: reverse("petitions:confirm", args=["not-a-token"]),
        400,
        "This link is not valid",
        "این پیوند معتبر نیست",
    ),
    "privacy": (lambda demo: "/privacy/", 200, "Your rights", "حقوق شما"),
    "unsubscribe": (
        lambda demo: reverse("outreach:unsubscribe", args=[make_unsubscribe_token(a_supporter())]),
        200,
        "Stop campaign email to",
        "فرستادن ایمیل‌های کارزار به نشانی",
    ),
    "unsubscribe link problem": (
        lambda demo: reverse("outreach:unsubscribe", args=["not-a-token"]),
        400,
        "This unsubscribe link is not valid",
        "این پیوند لغو اشتراک معتبر نیست",
    ),
    "re-subscribe": (
        lambda demo: reverse("outreach:resubscribe-confirm", args=[make_resubscribe_token(a_supporter())]),
        200,
        "Yes, keep me on the list",
        "بله، مرا در فهرست نگه دارید",
    ),
    "404": (lambda demo: "/no-such-page/", 404, "Page not found", "صفحه پیدا نشد"),
}


@pytest.mark.parametrize("name", PAGES)
def test_each_public_page_reads_in_english_at_the_root_and_in_persian_under_fa(name, demo_event):
    address, status, english_text, persian_text = PAGES[name]
    path = address(demo_event)
    english = Client().get(path)
    assert english.status_code == status
    assert ENGLISH in english.content.decode() and english_text in english.content.decode()
    persian = Client().get(f"/fa{path}")
    assert persian.status_code == status
    page = persian.content.decode()
    assert PERSIAN in page and "bootstrap.rtl.min.css" in page
    assert persian_text in page
    assert english_text not in page
    assert "رفتن به محتوای اصلی" in page  # the skip link of the shared layout, too


def test_an_expired_confirmation_link_is_explained_in_persian(demo_event, settings):
    token = make_confirmation_token(a_signature())
    settings.SIGNATURE_CONFIRMATION_MAX_AGE = -1
    response = Client().get(f"/fa{reverse('petitions:confirm', args=[token])}")
    assert response.status_code == 410
    assert "مهلت این پیوند تمام شده است" in response.content.decode()


def test_too_many_signatures_at_once_is_said_in_persian(demo_event, settings):
    settings.SIGNING_RATE_PER_IP = "1/m"
    petition = demo_petition()
    form = {"name": "Ada Lovelace", "email": "ada@example.org", "country": "IE", "website": ""}
    path = reverse("petitions:sign", args=[petition.slug])
    assert Client().post(path, form).status_code == 302
    english = Client().post(path, form)
    assert english.status_code == 429 and "Too many signatures at once" in english.content.decode()
    persian = Client().post(f"/fa{path}", form)
    assert persian.status_code == 429
    assert PERSIAN in persian.content.decode() and "امضاهای بسیار در زمانی کوتاه" in persian.content.decode()


@pytest.mark.parametrize(
    ("error", "status", "english_text", "persian_text"),
    [
        (OperationalError("connection refused"), 503, "Back in a moment", "به‌زودی برمی‌گردیم"),
        (ValueError("a bug"), 500, "Something went wrong", "مشکلی پیش آمد"),
    ],
)
def test_the_error_pages_follow_the_language_of_the_address(error, status, english_text, persian_text):
    for path, html, text in (("/events/x/", ENGLISH, english_text), ("/fa/events/x/", PERSIAN, persian_text)):
        try:
            raise error
        except type(error):
            response = server_error(RequestFactory().get(path))
        assert response.status_code == status
        assert html in response.content.decode() and text in response.content.decode()


def test_a_form_sent_without_its_token_gets_our_page_in_persian(demo_event):
    path = reverse("petitions:sign", args=[demo_petition().slug])
    response = Client(enforce_csrf_checks=True).post(f"/fa{path}", {"name": "Ada Lovelace"})
    assert response.status_code == 403
    page = response.content.decode()
    assert PERSIAN in page and "فرم فرستاده نشد" in page
