"""A newcomer superuser enrols a second factor in a real browser, then logs in with it."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def code_for(secret):
    return f"{totp(b32decode(secret)):06d}"


def enter_password(page, username):
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_superuser_enrols_logs_out_and_logs_in_with_a_code(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("newcomer", "newcomer@example.org", PASSWORD)
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )

    page.goto(live_server.url + "/admin/")
    enter_password(page, "newcomer")
    # No admin page before enrolling: the first login ends on the enrolment page.
    expect(page.get_by_role("heading", name="Enable Two-Factor Authentication")).to_be_visible()
    assert "/account/two_factor/setup/" in page.url
    page.get_by_role("button", name="Next").click()

    qr = page.get_by_role("img", name="QR Code")
    expect(qr).to_be_visible()
    # The code is drawn, not blocked: the image loads (waited for, with Playwright's deadline).
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    secret = page.locator("a[href^='otpauth://']").inner_text().strip()
    page.fill("#id_generator-token", code_for(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("Thanks for spending some quality time")).to_be_visible()

    page.goto(live_server.url + "/admin/people/person/")
    enter_password(page, "newcomer")
    page.fill("#id_token-otp_token", code_for(secret))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Select person to change")).to_be_visible()
    assert refused == []
