"""axe-core (npm's axe-core, installed by `make test` from package.json) checks every public page in
English and in Persian, at a phone's width and a desktop's, and finds no serious or critical
violation: what a screen reader or a keyboard user would trip over."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from campaign.demo import load_demo_data
from motions.services import motion_list_primary_sponsor
from outreach.tokens import make_resubscribe_token, make_unsubscribe_token
from people.models import Person
from petitions.models import Milestone, Petition, Signature
from petitions.services import milestones_mark_reached, signature_confirm, signature_submit
from petitions.tokens import make_confirmation_token
from recommendations.models import PublicOffice
from tests.motions.factories import motion, mp, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [390, 1280]
LANGUAGES = ["en-gb", "fa"]
SERIOUS = {"serious", "critical"}


def petition_outcome_pages(petition):
    """The demo petition with a milestone reached and one to come, and a closed petition with its
    outcome and the target's response, in both languages; with the page listing closed petitions."""
    for count in (1, 10000):
        Milestone.objects.create(
            petition=petition,
            signatures=count,
            consequence_en_gb="The Foreign Secretary must answer in Parliament.",
            consequence_fa="وزیر امور خارجه باید در پارلمان پاسخ دهد.",
        )
    milestones_mark_reached()
    closed = Petition.objects.create(
        campaign=petition.campaign,
        addressed_to=petition.addressed_to,
        slug="closed-with-response",
        title_en_gb="Release the political prisoners",
        title_fa="زندانیان سیاسی را آزاد کنید",
        text_en_gb="We ask for their release.",
        text_fa="خواستار آزادی آنان هستیم.",
        status=Petition.Status.CLOSED,
        outcome=Petition.Outcome.DELIVERED,
        response_text_en_gb="The Government keeps the matter under review.",
        response_text_fa="دولت این موضوع را زیر نظر دارد.",
        response_by_en_gb="Minister of State for the Middle East",
        response_by_fa="وزیر مشاور در امور خاورمیانه",
        response_date=datetime.date(2026, 3, 4),
    )
    return {"closed petitions": reverse("petitions:closed"), "closed petition": closed.get_absolute_url()}


def public_pages():
    """{name: unprefixed address} of every public page, with the rows their links need."""
    demo_event = load_demo_data()
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    pending = signature_submit(petition=petition, name="Ada Lovelace", email="ada@example.org", country="IE")
    confirmed = signature_submit(petition=petition, name="Grace Hopper", email="grace@example.org", country="IE")
    signature_confirm(confirmed)
    person = Person.objects.create(given_name="Sam", family_name="S", email="sam@example.org")
    # A motion on the event's page and on its own, and an ask addressed to an office too.
    tabled = motion(demo_event.campaign, stated_total=80, stated_total_wording="~80 MPs", primary_sponsor=mp("Gale"))
    sign(tabled, mp("Leaver"), has_withdrawn=True)
    motion_list_primary_sponsor(motion_id=tabled.pk)
    tabled.events.add(demo_event)
    tabled.recommendations.set(demo_event.recommendations.all()[:1])
    office = PublicOffice.objects.create(title="Prime Minister", title_fa="نخست‌وزیر")
    demo_event.recommendations.first().addressed_to_offices.add(office)
    with translation.override("en-gb"):
        return {
            "home": "/",
            "event": demo_event.get_absolute_url(),
            "motion": tabled.get_absolute_url(),
            "petition": petition.get_absolute_url(),
            "signed": reverse("petitions:signed", args=[petition.slug]),
            "confirm": reverse("petitions:confirm", args=[make_confirmation_token(Signature.objects.get(pk=pending))]),
            "confirmed": reverse(
                "petitions:confirm", args=[make_confirmation_token(Signature.objects.get(pk=confirmed))]
            ),
            "link problem": reverse("petitions:confirm", args=["not-a-token"]),
            "privacy": "/privacy/",
            "unsubscribe": reverse("outreach:unsubscribe", args=[make_unsubscribe_token(person)]),
            "unsubscribe link problem": reverse("outreach:unsubscribe", args=["not-a-token"]),
            "re-subscribe": reverse("outreach:resubscribe-confirm", args=[make_resubscribe_token(person)]),
            "404": "/no-such-page/",
            **petition_outcome_pages(petition),
        }


def serious_violations(page):
    """axe-core's serious and critical violations on the page now, as readable lines."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + json.dumps([node["target"] for node in violation["nodes"]][:5])
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.fixture
def axe_context(browser):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does it when node_modules is missing)")
    contexts = []

    def open_page(width):
        # axe is put into each page as a script of ours: the site's CSP, rightly, lets no such script run.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_public_page_has_a_serious_accessibility_problem(axe_context, live_server, settings, width, language):
    prefix = "" if language == "en-gb" else f"/{language}"
    page = axe_context(width)
    found = {}
    pages = public_pages()
    for name, path in pages.items():
        page.goto(live_server.url + prefix + path)
        assert page.evaluate("() => document.documentElement.lang") == language
        found[name] = serious_violations(page)

    # The signing form as it comes back with mistakes, and the page of a signing limit reached.
    page.goto(live_server.url + prefix + pages["petition"])
    page.locator("form[action$='/sign/'] button[type=submit]").click()
    page.wait_for_selector(".invalid-feedback")
    found["petition with mistakes"] = serious_violations(page)
    # Signed: the page that shows the address given, with the share buttons.
    page.locator("#id_name").fill("Mary Seacole")
    page.locator("#id_email").fill("mary@example.org")
    page.locator("#id_country").select_option("IE")
    page.locator("form[action$='/sign/'] button[type=submit]").click()
    page.wait_for_selector(".signed-as")
    found["signed, with the address"] = serious_violations(page)
    # A form sent without its CSRF cookie: our own page that says what to do.
    page.goto(live_server.url + prefix + pages["petition"])
    page.context.clear_cookies()
    page.locator("form[action$='/sign/'] button[type=submit]").click()
    page.wait_for_selector("h1:not(#petition-title)")
    found["form sent without its token"] = serious_violations(page)
    page.goto(live_server.url + prefix + pages["petition"])
    settings.SIGNING_RATE_PER_IP = "0/m"
    page.locator("form[action$='/sign/'] button[type=submit]").click()
    page.wait_for_selector("h1:not(#petition-title)")
    assert page.evaluate("() => location.pathname").endswith("/sign/")
    found["rate limited"] = serious_violations(page)

    problems = {name: lines for name, lines in found.items() if lines}
    assert not problems, "\n".join(f"{name}: {line}" for name, lines in problems.items() for line in lines)
