"""The petition widget: framed by other sites, no cookie until the signer acts, signing handed to our
own pages in a new tab."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from outbox.models import OutgoingMail
from petitions.models import Signature
from petitions.services import signature_confirm, signature_submit
from petitions.widget import widget_snippet

from .factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


def test_the_widget_shows_the_count_and_a_button_to_our_page_and_sets_no_cookie(client):
    petition = make_petition()
    signature_confirm(signature_submit(petition=petition, name="Ada Lovelace", email="ada@example.org", country="GB"))
    response = client.get("/petitions/test-petition/widget/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Hold an independent inquiry" in page
    assert '<strong class="fs-4 signature-count">1</strong> signature' in page
    assert '/petitions/test-petition/#sign" target="_blank"' in page or '/petitions/test-petition/#sign"' in page
    assert "<script" not in page and "csrfmiddlewaretoken" not in page
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert "Ada" not in page


def test_only_the_widget_may_be_framed(client):
    make_petition()
    widget = client.get("/petitions/test-petition/widget/")
    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    assert "script-src 'self'" in widget["Content-Security-Policy"]
    page = client.get("/petitions/test-petition/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_the_widget_in_persian(client):
    make_petition(title_fa="تحقیق مستقل")
    response = client.get("/fa/petitions/test-petition/widget/")
    page = response.content.decode()
    assert 'lang="fa" dir="rtl"' in page
    assert "تحقیق مستقل" in page
    assert "امضای دادخواست" in page


def test_the_form_posts_to_our_site_in_a_new_tab_without_a_csrf_token(client):
    make_petition()
    response = client.get("/petitions/test-petition/widget/", {"form": "1"})
    page = response.content.decode()
    assert 'action="/petitions/test-petition/widget/sign/" target="_blank"' in page
    assert 'name="email"' in page and "csrfmiddlewaretoken" not in page
    assert not response.cookies


def widget_token_from_the_frame(client):
    page = client.get("/petitions/test-petition/widget/", {"form": "1"}).content.decode()
    return re.search(r'name="widget_token" value="([^"]+)"', page).group(1)


def test_a_signature_from_the_widget_is_pending_until_confirmed_on_our_site(db):
    petition = make_petition()
    partner = Client(enforce_csrf_checks=True)
    response = partner.post(
        "/petitions/test-petition/widget/sign/",
        {**signing_form(email="grace@example.org"), "widget_token": widget_token_from_the_frame(partner)},
        HTTP_ORIGIN="null",
        HTTP_REFERER="https://partner.example/page.html",
    )
    assert response.status_code == 302 and response["Location"] == reverse("petitions:signed", args=[petition.slug])
    signature = Signature.objects.get(email="grace@example.org")
    assert signature.status == Signature.Status.PENDING
    assert OutgoingMail.objects.filter(to_email="grace@example.org").count() == 1
    # The petition's own form still needs its CSRF token.
    assert partner.post("/petitions/test-petition/sign/", signing_form(email="x@example.org")).status_code == 403


def test_another_site_cannot_post_signatures_through_the_widget_without_its_token(db):
    make_petition()
    other_site = Client(enforce_csrf_checks=True)
    for token in ["", "forged", widget_token_from_the_frame(Client(REMOTE_ADDR="203.0.113.9"))]:
        response = other_site.post(
            "/petitions/test-petition/widget/sign/", {**signing_form(email="victim@example.org"), "widget_token": token}
        )
        # The signer is taken to our own page to sign there; nothing is written, no mail is queued.
        assert response.status_code == 302 and response["Location"] == "/petitions/test-petition/#sign"
    assert not Signature.objects.exists() and not OutgoingMail.objects.exists()


def test_the_form_with_its_token_is_never_kept_in_a_shared_cache(client):
    make_petition()
    assert "private" in client.get("/petitions/test-petition/widget/", {"form": "1"})["Cache-Control"]
    assert "public" in client.get("/petitions/test-petition/widget/")["Cache-Control"]


def test_mistakes_from_the_widget_come_back_on_our_petition_page(db):
    make_petition()
    signer = Client(enforce_csrf_checks=True)
    response = signer.post(
        "/petitions/test-petition/widget/sign/",
        {**signing_form(email="no"), "widget_token": widget_token_from_the_frame(signer)},
    )
    assert response.status_code == 400
    assert 'id="petition-title"' in response.content.decode()


def test_a_closed_petition_shows_its_final_count_and_no_form(client):
    make_petition(status="closed")
    page = client.get("/petitions/test-petition/widget/", {"form": "1"}).content.decode()
    assert "This petition is closed." in page and 'name="email"' not in page


def test_staff_copy_the_snippet_from_the_petition_admin_page(editor_client, settings):
    settings.SITE_URL = "https://campaign.example"
    petition = make_petition()
    page = html.unescape(
        editor_client.get(reverse("admin:petitions_petition_change", args=[petition.pk])).content.decode()
    )
    assert "Widget for other websites" in page
    assert 'src="https://campaign.example/petitions/test-petition/widget/"' in page
    assert 'src="https://campaign.example/fa/petitions/test-petition/widget/?form=1"' in page


def test_the_snippet_is_a_sandboxed_iframe_in_the_language_asked(settings):
    settings.SITE_URL = "https://campaign.example"
    petition = make_petition()
    snippet = widget_snippet(petition, language="fa", with_form=True)
    assert snippet.startswith('<iframe src="https://campaign.example/fa/petitions/test-petition/widget/?form=1"')
    assert 'sandbox="allow-forms allow-popups allow-popups-to-escape-sandbox"' in snippet
    assert "allow-scripts" not in snippet and "allow-same-origin" not in snippet


def test_the_widget_keeps_the_language_the_partner_chose(client):
    make_petition()
    response = client.get("/petitions/test-petition/widget/", HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 200
    assert 'lang="en-gb"' in response.content.decode()
