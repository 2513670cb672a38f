"""A person signs a petition in headless Chromium, confirms from the mail a real worker sent to a
real SMTP server, and sees the count go up by one."""

import re

import pytest
from playwright.sync_api import expect

from campaign.demo import load_demo_data
from petitions.models import Petition, Signature

pytestmark = pytest.mark.browser


def shown_count(page):
    return int(page.locator(".signature-count").first.inner_text().replace(",", ""))


def fill_and_sign(page, email):
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Postcode").fill("SW1A 0AA")
    page.get_by_label(re.compile("Yes, email me")).check()
    page.get_by_role("button", name="Sign the petition").click()


def test_sign_confirm_and_see_the_count_go_up(page, live_server, smtp_server, confirmation_worker):
    load_demo_data()
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    petition_url = live_server.url + petition.get_absolute_url()

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=petition.title, exact=True).click()
    expect(page).to_have_url(petition_url)
    before = shown_count(page)

    fill_and_sign(page, "grace@example.org")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    (mail,) = smtp_server.collector.wait_for("grace@example.org")
    assert "Please confirm your signature" in mail["Subject"]
    text = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/petitions/confirm/\S+/", text).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    assert Signature.objects.get(email="grace@example.org").status == "pending"  # opening is not confirming
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", name="Thank you: your signature counts")).to_be_visible()

    page.goto(petition_url)
    assert shown_count(page) == before + 1

    # The same person signs again, with the address typed differently: nothing changes but a mail
    # that tells them they had signed (the page cannot say it: it looks the same for everyone).
    fill_and_sign(page, "Grace@Example.org")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(petition_url)
    assert shown_count(page) == before + 1
    assert Signature.objects.filter(petition=petition).count() == 1
    first, second = smtp_server.collector.wait_for("grace@example.org", count=2)
    assert second["Subject"].startswith("You have already signed")
