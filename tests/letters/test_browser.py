"""The supporter's path in headless Chromium at a phone's width, in English and Persian: postcode,
their MP, the letter, the mail from a real worker, the confirmation, and the MP's copy arriving with
the right headers; a straddling postcode, a near-copy and the other pages a writer may meet.
Each step is photographed to SHOTS and checked by axe-core."""

import datetime
import re
from email.utils import parseaddr
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from letters.models import Letter, LetterCampaign
from letters.similarity import shingles_of
from letters.tokens import make_confirmation_token

from ..browser.test_accessibility import serious_violations
from .factories import (
    ANOTHER_LETTER,
    BATH_POSTCODE,
    OWN_LETTER,
    STRADDLING_POSTCODE,
    load_test_postcodes,
    make_bath_mp,
    make_letter_campaign,
    make_mp,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = Path("/work/shots/letters")
MP_ADDRESS = "wera.hobhouse.mp@parliament.example"
PREFIX = {"en": "", "fa": "/fa"}


@pytest.fixture
def phone(browser):
    # axe is put into each page as a script of ours: the site's CSP, rightly, lets no such script run.
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def campaign():
    load_test_postcodes()
    make_bath_mp()
    return make_letter_campaign()


def step(page, language, name):
    """Photograph the page and check it with axe-core: no serious or critical violation."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{language}-{name}.png"), full_page=True)
    assert serious_violations(page) == [], name
    if language == "fa":
        assert page.evaluate("() => document.documentElement.dir") == "rtl"


def submit(page):
    page.locator("main form button[type=submit]").click()


def fill_letter(page, *, body, email="ada@example.org"):
    page.locator("[name=writer_name]").fill("Ada Lovelace")
    page.locator("[name=writer_address]").fill("12 Pulteney Street\nBath")
    page.locator("[name=writer_postcode]").fill(BATH_POSTCODE)
    page.locator("[name=writer_email]").fill(email)
    page.locator("[name=body]").fill(body)
    submit(page)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_postcode_mp_letter_confirmation_and_the_mps_copy(
    phone, live_server, smtp_server, confirmation_worker, campaign, language
):
    phone.goto(f"{live_server.url}{PREFIX[language]}/write/{campaign.slug}/")
    step(phone, language, "1-postcode")
    phone.locator("[name=postcode]").fill(BATH_POSTCODE.lower())
    submit(phone)

    expect(phone.get_by_test_id("your-mp")).to_contain_text("Wera Hobhouse")
    expect(phone.get_by_test_id("your-mp")).to_contain_text("Liberal Democrats")
    expect(phone.locator("[name=body]")).to_have_value(re.compile("^Dear Ms Hobhouse,"))
    step(phone, language, "2-your-mp-and-the-letter")

    fill_letter(phone, body=OWN_LETTER)
    expect(phone.locator(".written-as")).to_have_text("ada@example.org")
    step(phone, language, "3-check-your-email")

    (confirmation,) = smtp_server.collector.wait_for("ada@example.org", timeout=60)
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/write/confirm/\S+/", text).group(0)
    assert link.startswith(live_server.url + PREFIX[language])
    phone.goto(link)
    step(phone, language, "4-confirm")
    assert Letter.objects.get().status == Letter.Status.AWAITING_CONFIRMATION  # opening is not confirming
    submit(phone)
    expect(phone.locator("h1")).to_have_text("Your letter is on its way" if language == "en" else "نامهٔ شما در راه است")
    step(phone, language, "5-on-its-way")

    (to_mp,) = smtp_server.collector.wait_for(MP_ADDRESS, timeout=60)
    assert parseaddr(to_mp["From"]) == ("Ada Lovelace", "campaign@localhost")
    assert parseaddr(to_mp["Reply-To"]) == ("Ada Lovelace", "ada@example.org")
    assert parseaddr(to_mp["To"])[1] == MP_ADDRESS
    assert "Evin prison" in to_mp.get_body(preferencelist=("plain",)).get_content()
    copy = smtp_server.collector.wait_for("ada@example.org", count=2, timeout=60)[1]
    assert "Evin prison" in copy.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_straddling_postcode_asks_which_constituency(phone, live_server, campaign, language):
    phone.goto(f"{live_server.url}{PREFIX[language]}/write/{campaign.slug}/")
    phone.locator("[name=postcode]").fill(STRADDLING_POSTCODE)
    submit(phone)
    choices = phone.locator("main ul a")
    expect(choices).to_have_text(["Bath", "Frome and East Somerset"])
    step(phone, language, "straddling-postcode")
    choices.first.click()
    expect(phone.get_by_test_id("your-mp")).to_contain_text("Wera Hobhouse")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_near_copy_of_an_earlier_letter_is_refused(phone, live_server, campaign, language):
    Letter.objects.create(
        campaign=campaign, writer_name="Bob", writer_address="1 High Street\nBath", writer_email="bob@example.org",
        writer_email_normalised="bob@example.org", subject="Inquiry", body=OWN_LETTER, shingles=shingles_of(OWN_LETTER),
        status=Letter.Status.SENT,
    )  # fmt: skip
    phone.goto(f"{live_server.url}{PREFIX[language]}/write/{campaign.slug}/to/E14001073/")
    fill_letter(phone, body=OWN_LETTER.replace("primary school", "nursery"))
    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()
    expected = (
        "Your letter is very like one another supporter has already sent"
        if language == "en"
        else "نامهٔ شما بسیار شبیه نامه‌ای است که حامی دیگری پیش‌تر فرستاده است"
    )
    expect(summary).to_contain_text(expected)
    step(phone, language, "near-copy-refused")
    assert Letter.objects.count() == 1
    # Rewritten in their own words, it goes.
    phone.locator("[name=body]").fill(ANOTHER_LETTER)
    submit(phone)
    expect(phone.locator(".written-as")).to_have_text("ada@example.org")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_pages_for_what_cannot_be_done_here(phone, live_server, campaign, language):
    prefix = f"{live_server.url}{PREFIX[language]}/write"
    phone.goto(f"{prefix}/{campaign.slug}/")
    phone.locator("[name=postcode]").fill("AB1 2CD")
    submit(phone)
    expect(phone.locator("#error-summary")).to_contain_text("AB1 2CD")
    step(phone, language, "unknown-postcode")

    phone.goto(f"{prefix}/{campaign.slug}/to/E14001296/")  # Islington North: no MP in the test data
    step(phone, language, "vacant-seat")

    make_mp("Cities of London and Westminster", given_name="Rachel", family_name="Blake", email=None, party="Labour")
    phone.goto(f"{prefix}/{campaign.slug}/to/E14001172/")
    step(phone, language, "no-email-write")
    phone.locator("[name=writer_name]").fill("Ada Lovelace")
    phone.locator("[name=writer_address]").fill("1 Whitehall\nLondon")
    phone.locator("[name=writer_postcode]").fill("SW1A 1AA")
    phone.locator("[name=body]").fill(OWN_LETTER.replace("Ms Hobhouse", "Ms Blake"))
    submit(phone)
    expect(phone.locator(".printable-letter")).to_contain_text("SW1A 0AA")
    step(phone, language, "no-email-printable")

    letter = Letter.objects.create(
        campaign=campaign, recipient=None, writer_name="Ada", writer_address="x", writer_email="ada@example.org",
        writer_email_normalised="ada@example.org", subject="s", body="b",
    )  # fmt: skip
    phone.goto(f"{prefix}/confirm/{make_confirmation_token(letter)}x/")
    step(phone, language, "tampered-link")

    LetterCampaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    phone.goto(f"{prefix}/{campaign.slug}/")
    step(phone, language, "closed-campaign")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_postcode_and_letter_pages_at_a_desktop_width(browser, live_server, campaign, language):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    desktop = context.new_page()
    try:
        desktop.goto(f"{live_server.url}{PREFIX[language]}/write/{campaign.slug}/")
        step(desktop, language, "desktop-1-postcode")
        desktop.goto(f"{live_server.url}{PREFIX[language]}/write/{campaign.slug}/to/E14001073/")
        expect(desktop.get_by_test_id("your-mp")).to_contain_text("Wera Hobhouse")
        step(desktop, language, "desktop-2-your-mp-and-the-letter")
    finally:
        context.close()
