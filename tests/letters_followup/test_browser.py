"""The survey page in Chromium at a phone's width, in English and Persian, and the staff's page of
replies at a desktop's: answered by clicking, checked with axe-core, and photographed into
var/screenshots/letters-followup/ for a person to look at."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from playwright.sync_api import expect

from letters.models import Letter
from letters.survey_links import make_survey_token
from tests.browser.test_accessibility import AXE, serious_violations

from .factories import letter_campaign, mp, sent_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "letters-followup"


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def phone(browser):
    # axe is put into the page as a script of ours: the site's CSP, rightly, lets no such script run.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["en-gb", "fa"])
def test_a_writer_answers_the_survey_on_a_phone(phone, live_server, language):
    assert AXE.exists(), "run npm ci"
    letter = sent_letter(letter_campaign(), mp("Gale", "Roger"), language=language)
    prefix = "" if language == "en-gb" else "/fa"
    url = live_server.url + prefix + reverse("letters:survey", args=[make_survey_token(letter)])
    phone.goto(url)
    assert phone.evaluate("() => document.documentElement.lang") == language
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert serious_violations(phone) == []
    shoot(phone, f"survey-{language}-390")

    # Sent without an answer: the page comes back saying what is missing, still accessible.
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("#reply-errors")).to_be_visible()
    assert serious_violations(phone) == []
    shoot(phone, f"survey-error-{language}-390")

    phone.locator("input[value=yes]").check()
    phone.locator("textarea").fill("She will sign the motion.")
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("#survey-saved")).to_be_visible()
    assert serious_violations(phone) == []
    shoot(phone, f"survey-answered-{language}-390")
    letter.refresh_from_db()
    assert (letter.reply_reported, letter.reply_text) == ("yes", "She will sign the motion.")

    phone.goto(live_server.url + prefix + reverse("letters:survey", args=["tampered"]))
    assert serious_violations(phone) == []
    shoot(phone, f"survey-link-problem-{language}-390")


def test_staff_see_replies_per_mp_and_party(page, live_server, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="correct horse battery", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_letter", "change_letter", "view_letter_text", "view_lettercampaign", "add_backing"]
        )
    )
    campaign = letter_campaign()
    gale, cox = mp("Gale", "Roger"), mp("Cox", "Jo", party="Labour")
    sent_letter(campaign, gale, email="a@example.org", reply_reported="yes", reply_text="I back the inquiry.")
    sent_letter(campaign, gale, email="b@example.org", reply_reported="no")
    sent_letter(campaign, cox, email="c@example.org", reply_reported="not_yet")
    sent_letter(campaign, cox, email="d@example.org")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_auth-username", "reader")
    page.fill("#id_auth-password", "correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + reverse("admin:letters_lettercampaign_replies", args=[campaign.pk]))
    expect(page.locator("#replies-total")).to_contain_text("4 sent · 1 replied · 1 no reply · 1 not yet")
    expect(page.locator("#replies-to-review")).to_contain_text("I back the inquiry.")
    shoot(page, "staff-replies-1280")

    # From the letters, record the reply as backing: the page to review it first, then the backing.
    page.goto(live_server.url + reverse("admin:letters_letter_changelist") + "?reply_reported__exact=yes&reviewed=no")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("record_as_backing")
    page.locator("button[name=index]").click()
    expect(page.locator("#backing-to-record")).to_contain_text("I back the inquiry.")
    shoot(page, "staff-record-backing-1280")
    page.get_by_role("button", name="Yes: each of these MPs backs the ask").click()
    expect(page.locator(".messagelist")).to_contain_text("1 reply recorded as backing")
    assert Letter.objects.filter(backing__isnull=False).count() == 1
