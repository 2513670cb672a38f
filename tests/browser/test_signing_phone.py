"""Signing on a 390 px phone: a failed submit takes the signer to a summary of the mistakes, the
page after signing shows the address given, and a confirmed signer who signs again gets a mail saying
so, sent by a real worker to a real SMTP server."""

import re
import time
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from campaign.demo import load_demo_data
from petitions.models import Petition, Signature
from petitions.services import signature_confirm, signature_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.refused = []
    page.on("console", lambda m: page.refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


@pytest.fixture
def petition():
    load_demo_data()
    return Petition.objects.get(slug="independent-inquiry-1988-massacre")


def wait_for_subject(smtp_server, address, subject, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in smtp_server.collector.to(address) if m["Subject"] == subject]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"No “{subject}” to {address} within {timeout}s")


def focused_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def test_a_failed_submit_puts_the_focus_on_the_summary_of_mistakes(phone, live_server, petition):
    phone.goto(live_server.url + petition.get_absolute_url())
    phone.get_by_label("Email address").fill("grace@")
    phone.get_by_role("button", name="Sign the petition").click()

    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(phone).to_have_title(re.compile(r"^Error: "))
    assert summary.bounding_box()["y"] < PHONE["height"]  # in view, not 1,500 px down
    # Each mistake links to its field, and following the link puts the cursor in it.
    summary.get_by_role("link", name="Enter a valid email address.").click()
    assert focused_id(phone) == "id_email"
    summary.get_by_role("link", name="Enter your full name.").tap()
    assert focused_id(phone) == "id_name"
    assert phone.refused == []


def test_without_javascript_the_summary_still_comes_first_and_takes_the_focus(browser, live_server, petition):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + petition.get_absolute_url())
    page.get_by_role("button", name="Sign the petition").click()
    expect(page.locator("#error-summary")).to_be_focused()
    context.close()


def test_the_country_follows_the_browser_language_until_the_signer_chooses(browser, live_server, petition):
    context = browser.new_context(viewport=PHONE, locale="en-IE")
    page = context.new_page()
    page.goto(live_server.url + petition.get_absolute_url())
    expect(page.get_by_label("Country")).to_have_value("IE")
    context.close()
    context = browser.new_context(viewport=PHONE, locale="fa")
    page = context.new_page()
    page.goto(live_server.url + "/fa" + petition.get_absolute_url())
    expect(page.locator("#id_country")).to_have_value("GB")  # no region named: the site's default
    context.close()


def test_a_confirmed_signer_who_signs_again_gets_the_already_signed_mail(
    phone, live_server, smtp_server, confirmation_worker, petition
):
    signature_confirm(signature_submit(petition=petition, name="Grace Hopper", email="grace@example.org", country="IE"))
    phone.goto(live_server.url + petition.get_absolute_url())
    phone.get_by_label("Full name").fill("Grace Hopper")
    phone.get_by_label("Email address").fill("Grace@Example.org")
    phone.get_by_label("Country").select_option("IE")
    phone.get_by_role("button", name="Sign the petition").click()

    expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(phone.locator(".signed-as")).to_have_text("Grace@Example.org")  # as typed, to catch a typo
    expect(phone.get_by_role("link", name="Sign again with the right one")).to_be_visible()

    mail = wait_for_subject(smtp_server, "grace@example.org", f"You have already signed: {petition.title}")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert live_server.url + petition.get_absolute_url() in text
    assert "/petitions/confirm/" not in text
    assert Signature.objects.get(petition=petition).status == Signature.Status.VALIDATED


def test_the_share_links_carry_the_petitions_address(phone, live_server, petition, settings):
    settings.SITE_URL = live_server.url
    phone.goto(live_server.url + petition.get_absolute_url())
    url = live_server.url + petition.get_absolute_url()
    share = phone.locator("[data-share]").first
    hrefs = share.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 5
    for href in hrefs:
        assert quote(url, safe="/") in href or quote(url, safe="") in href, href
    expect(share.get_by_label("Or copy the link")).to_have_value(url)
    # The copy button works where the browser allows it, and says so.
    share.get_by_role("button", name="Copy link").click()
    expect(share.locator("[data-share-copied]")).to_have_text("Link copied.")
    assert phone.refused == []
