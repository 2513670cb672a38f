"""Registration on a 390 px phone, in English and in Persian: the form, the confirmation mail and
the check-in page fit the screen (nothing wider than it), and check-in works by touch. Each page is
photographed into var/screenshots/registrations/ for a person to look at."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from registrations.mail import registration_message
from registrations.models import Registrant
from registrations.services import CONFIRMED_MAIL
from tests.conftest import log_in_verified
from tests.registrations.factories import make_event, make_registrant, make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "registrations"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.refused = []
    page.on("console", lambda m: page.refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


@pytest.fixture
def registration():
    event = make_event(
        slug="briefing-in-parliament",
        title="Briefing in Parliament: the case for an international inquiry",
        venue="Committee Room 14, House of Commons, London SW1A 0AA",
    )
    registration = make_registration(event, capacity=3)
    make_registrant(
        registration,
        "ada@example.org",
        name="Ada Lovelace",
        name_on_id="Augusta Ada King",
        organisation="Analytical Society",
    )
    make_registrant(registration, "grace@example.org", name="Grace Hopper", organisation="United States Navy")
    make_registrant(
        registration,
        "sara@example.org",
        name="سارا محمدی",
        name_on_id="Sara Mohammadi",
        organisation="انجمن حقوق بشر",
        language="fa",
    )
    make_registrant(registration, "wendy@example.org", name="Wendy Wait")
    return registration


def fits_the_screen(page):
    """Nothing is wider than the phone: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def photograph(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page, live_server, user):
    client = log_in_verified(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_form_and_the_mail_fit_a_phone(phone, live_server, registration, language):
    prefix = "/fa" if language == "fa" else ""
    phone.goto(f"{live_server.url}{prefix}/events/{registration.event.slug}/")
    expect(phone.locator(".registration-panel input[name=email]")).to_be_visible()
    fits_the_screen(phone)
    photograph(phone, f"event-page-{language}")

    phone.goto(f"{live_server.url}{prefix}/events/{registration.event.slug}/register/")
    assert phone.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    expect(phone.locator("input[name=name_on_id]")).to_be_visible()
    fits_the_screen(phone)
    photograph(phone, f"form-{language}")

    # The confirmation mail as a mail program shows it, built as the worker builds it.
    registrant = Registrant.objects.get(email="sara@example.org" if language == "fa" else "ada@example.org")
    with translation.override(registrant.language):
        message = registration_message(
            CONFIRMED_MAIL, registration, registrant, to_email=registrant.email, organisation_name="Test Org"
        )
    phone.set_content(message.alternatives[0][0])
    assert phone.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    fits_the_screen(phone)
    photograph(phone, f"confirmation-mail-{language}")
    assert phone.refused == []


@pytest.mark.parametrize("language", ["en", "fa"])
def test_check_in_works_by_touch_on_a_phone(phone, live_server, registration, admin_user, language):
    log_in(phone, live_server, admin_user)
    prefix = "/fa" if language == "fa" else ""
    with translation.override(settings.LANGUAGE_CODE):  # unprefixed; the prefix is added here
        url = reverse("admin:registrations_check_in", args=[registration.pk])
    phone.goto(f"{live_server.url}{prefix}{url}")
    rows = phone.locator(".check-in-row")
    expect(rows).to_have_count(4)
    fits_the_screen(phone)
    photograph(phone, f"check-in-{language}")

    # Search as one types: only Grace is left.
    phone.locator("#check-in-search").fill("grac")
    expect(rows.filter(has_text="Grace Hopper")).to_be_visible()
    expect(phone.locator(".check-in-row:visible")).to_have_count(1)

    # A thumb-sized button ticks her in without leaving the page.
    button = rows.filter(has_text="Grace Hopper").locator("button")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("[data-count=attended]")).to_have_text("۱" if language == "fa" else "1")
    grace = Registrant.objects.get(email="grace@example.org")
    assert grace.attended_at is not None
    assert grace.person.participations.filter(role="attendee", event=registration.event).exists()

    # A walk-in, added from the same page.
    phone.locator("#check-in-search").fill("")
    phone.locator("#walk-in-name").fill("Walter Walkin")
    phone.locator("form[action$='walk-in/'] button").tap()
    expect(phone.locator(".check-in-row", has_text="Walter Walkin")).to_have_class(
        "list-group-item check-in-row is-arrived"
    )
    fits_the_screen(phone)
    photograph(phone, f"check-in-{language}-after-arrivals")
    assert phone.refused == []
