"""axe-core finds no serious or critical problem on the cross-party pages, in English and Persian,
at a phone's width and a desktop's; and the chart is mirrored right to left in Persian."""

import pytest
from django.urls import reverse

from campaign.demo import STATEMENT_SLUG, load_demo_data
from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_page(width):
        # axe is put into each page as a script of ours: the site's CSP, rightly, lets no such script run.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_cross_party_pages_have_no_serious_accessibility_problem(open_page, live_server, width):
    load_demo_data()
    page = open_page(width)
    found = {}
    for language in ("", "/fa"):
        for path in (
            reverse("backing:ask", args=["independent-inquiry-1988-massacre"]),
            reverse("backing:motion", args=[STATEMENT_SLUG]),
        ):
            page.goto(live_server.url + language + path)
            page.locator("details.backing-table summary").click()  # the table too
            found[language + path] = serious_violations(page)
            # Nothing wider than the screen: the chart and the table fit a phone.
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width, language + path
    assert not any(found.values()), found


def test_the_chart_reads_right_to_left_in_persian(open_page, live_server):
    load_demo_data()
    page = open_page(1280)
    path = reverse("backing:ask", args=["independent-inquiry-1988-massacre"])
    positions = {}
    for language in ("", "/fa"):
        page.goto(live_server.url + language + path)
        label = page.locator("svg.backing-chart").first.locator("text.label").first.bounding_box()
        bar = page.locator("svg.backing-chart").first.locator("rect").first.bounding_box()
        positions[language] = label["x"] < bar["x"]
    assert positions == {"": True, "/fa": False}  # the party's name before its bar, in reading order
