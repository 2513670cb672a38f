"""English at the root, Persian under /fa/: the right language and direction on every page, a
switcher that keeps you on the same page and remembers, and the browser's language on a first visit."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_english_pages_are_left_to_right_and_persian_ones_right_to_left(client, demo_event):
    english = client.get("/privacy/").content.decode()
    assert '<html lang="en-gb" dir="ltr">' in english
    assert "bootstrap.min.css" in english and "bootstrap.rtl.min.css" not in english
    persian = client.get("/fa/privacy/").content.decode()
    assert '<html lang="fa" dir="rtl">' in persian
    assert "bootstrap.rtl.min.css" in persian
    assert "اطلاعیهٔ حریم خصوصی" in persian  # the footer's link, in Persian


def test_the_switcher_keeps_you_on_the_same_page_and_remembers_the_choice(demo_event):
    browser = Client()
    path = f"/events/{demo_event.slug}/"
    page = browser.get(path).content.decode()
    assert f"/i18n/switch/fa/?next=%2Ffa{path.replace('/', '%2F')}" in page
    response = browser.get("/i18n/switch/fa/", {"next": f"/fa{path}"})
    assert response.status_code == 302 and response["Location"] == f"/fa{path}"
    # Back on an English address later, the remembered choice takes them to the Persian page.
    again = browser.get("/privacy/")
    assert again.status_code == 302 and again["Location"] == "/fa/privacy/"
    # Choosing English sticks, whatever the browser prefers.
    browser.get("/i18n/switch/en-gb/", {"next": "/privacy/"})
    assert browser.get("/privacy/", HTTP_ACCEPT_LANGUAGE="fa").status_code == 200


def test_a_first_visit_follows_the_browsers_language(client, demo_event):
    response = client.get("/privacy/?ref=share", HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/fa/privacy/?ref=share"
    assert "Accept-Language" in response["Vary"]
    assert client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").status_code == 200


def test_forms_json_and_static_files_are_never_redirected(client, demo_event):
    from petitions.models import Petition

    petition = Petition.objects.first()
    assert client.get(f"/petitions/{petition.slug}.json", HTTP_ACCEPT_LANGUAGE="fa").status_code == 200
    response = client.post(f"/petitions/{petition.slug}/sign/", {}, HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 400  # the form's own answer, not a redirect


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_the_switcher_never_sends_anyone_off_site(client, next_url):
    response = client.get("/i18n/switch/fa/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] in ("/fa/", "/")


def test_an_unknown_language_is_a_404(client):
    assert client.get("/i18n/switch/xx/", {"next": "/"}).status_code == 404
