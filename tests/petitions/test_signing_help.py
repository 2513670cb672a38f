"""What helps a signer through the form: the summary of mistakes, the address shown afterwards (with a
way to correct it), the "already signed" mail, the country the form starts at, required fields marked."""

import re

import pytest
from django.urls import reverse

from outbox.models import OutgoingMail
from petitions.models import Signature
from petitions.services import ALREADY_SIGNED_MAIL, signature_confirm
from tests.mail import send_outbox

from .factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return make_petition(asks_postcode=True)


def sign(client, petition, prefix="", **overrides):
    return client.post(prefix + reverse("petitions:sign", args=[petition.slug]), signing_form(**overrides))


def test_a_failed_submit_says_so_in_the_title_and_sums_up_the_mistakes_at_the_top(client, petition):
    page = sign(client, petition, name="", email="not an address", country="GB", postcode="").content.decode()
    assert re.search(r"<title>Error: Hold an independent inquiry", page)
    summary = page[page.index('id="error-summary"') : page.index("</ul>", page.index('id="error-summary"'))]
    assert page.index('id="error-summary"') < page.index('id="petition-title"')  # first in the page
    assert "autofocus" in page[page.index('<div class="error-summary') : page.index('id="error-summary"') + 200]
    assert '<a href="#id_name">Enter your full name.</a>' in summary
    assert '<a href="#id_email">Enter a valid email address.</a>' in summary
    assert '<a href="#id_postcode">Please enter your postcode.</a>' in summary
    assert "js/signing.js" in page


def test_a_fresh_page_has_no_summary_and_a_plain_title(client, petition):
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "error-summary" not in page
    assert "<title>Error:" not in page


def test_the_country_starts_at_the_configured_default(client, petition, settings):
    settings.SIGNING_DEFAULT_COUNTRY = "IE"
    page = client.get(petition.get_absolute_url()).content.decode()
    assert re.search(r'<option value="IE" selected>', page)


def test_required_fields_are_marked_and_the_postcode_says_it_is_needed_in_the_uk(client, petition):
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Fields marked" in page
    for field in ("name", "email", "country"):
        label = re.search(rf'<label\s+for="id_{field}"[^>]*>(.*?)</label>', page, re.S).group(1)
        assert "asteriskField" in label
    assert "Postcode (required in the UK)" in page


def test_the_check_your_email_page_shows_the_address_given_and_how_to_correct_it(client, petition):
    response = sign(client, petition, email="ada@exmaple.org")
    page = client.get(response["Location"]).content.decode()
    assert "ada@exmaple.org" in page
    assert f'href="{petition.get_absolute_url()}#sign"' in page
    # The address travels only to that page, in a signed cookie it alone receives.
    cookie = response.cookies["signed_as"]
    assert cookie["path"] == reverse("petitions:signed", args=[petition.slug])
    assert cookie["httponly"]


def test_the_check_your_email_page_looks_the_same_whether_or_not_the_address_had_signed(client, petition):
    signed_page = reverse("petitions:signed", args=[petition.slug])
    first = client.get(sign(client, petition)["Location"]).content.decode()
    send_outbox()
    signature_confirm(Signature.objects.get().pk)
    again = client.get(sign(client, petition)["Location"]).content.decode()
    assert first == again
    assert signed_page in sign(client, petition)["Location"]


def test_a_confirmed_signer_who_signs_again_gets_the_already_signed_mail_a_few_times_at_most(
    client, petition, settings, mailoutbox
):
    sign(client, petition)
    send_outbox()
    signature_confirm(Signature.objects.get().pk)
    for _ in range(5):
        sign(client, petition)
    send_outbox()
    already = [mail for mail in mailoutbox if mail.subject.startswith("You have already signed")]
    assert len(already) == settings.SIGNATURE_CONFIRMATION_MAILS - 1  # the confirmation mail was the first
    text = already[0].body
    assert "/petitions/confirm/" not in text
    assert petition.get_absolute_url() in text
    assert Signature.objects.get().confirmation_mails_sent == settings.SIGNATURE_CONFIRMATION_MAILS


def test_the_already_signed_mail_is_in_the_language_of_the_page_signed_again_on(client, petition, mailoutbox):
    sign(client, petition)
    send_outbox()
    signature_confirm(Signature.objects.get().pk)
    sign(client, petition, prefix="/fa")
    send_outbox()
    assert mailoutbox[-1].subject.startswith("شما پیش‌تر")


def test_no_already_signed_mail_for_a_signature_taken_off_before_it_goes(client, petition, mailoutbox):
    sign(client, petition)
    send_outbox()
    signature = Signature.objects.get()
    signature_confirm(signature.pk)
    sign(client, petition)
    Signature.objects.filter(pk=signature.pk).update(status=Signature.Status.INVALIDATED)
    send_outbox()
    assert len(mailoutbox) == 1
    assert OutgoingMail.objects.get(kind=ALREADY_SIGNED_MAIL).status == OutgoingMail.Status.CANCELLED


def test_a_form_sent_without_its_token_gets_a_page_that_says_what_to_do(petition):
    from django.test import Client

    page_url = "http://testserver" + petition.get_absolute_url()
    response = Client(enforce_csrf_checks=True).post(
        reverse("petitions:sign", args=[petition.slug]), signing_form(), HTTP_REFERER=page_url
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form could not be sent" in page and "reload the page" in page
    assert f'href="{page_url}"' in page  # back to the form
    assert "Test Org" in page  # the site's own header, not Django's bare page
    assert not Signature.objects.exists()
