"""Outreach staff drive a mailing from its admin page in a real browser."""

import pytest
from playwright.sync_api import expect

from outreach.models import Mailing
from tests.outreach.factories import make_mailing, make_supporters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", "correct horse battery")
    page.get_by_role("button", name="Log in").click()


def test_schedule_pause_and_duplicate_from_the_mailing_page(page, live_server, outreach_user):
    make_supporters(3)
    mailing = make_mailing()
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/mailing/{mailing.pk}/change/")
    expect(page.get_by_text("3 recipients now")).to_be_visible()

    page.get_by_role("button", name="Schedule for its send time").click()
    expect(page.get_by_text("Scheduled: it goes out at its send time.")).to_be_visible()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("heading", name="Status: Paused")).to_be_visible()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PAUSED

    page.get_by_role("button", name="Duplicate").click()
    expect(page.get_by_text("Duplicated: this is the copy, a draft.")).to_be_visible()
    assert Mailing.objects.filter(name=f"Copy of {mailing.name}", status="draft").count() == 1


def test_the_preview_shows_the_html_part(page, live_server, outreach_user):
    make_supporters(1)
    mailing = make_mailing()
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/mailing/{mailing.pk}/preview/")
    frame = page.frame_locator("iframe[title='HTML part']")
    expect(frame.get_by_text("Dear Sam0 Supporter0,")).to_be_visible()
