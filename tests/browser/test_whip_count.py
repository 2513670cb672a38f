"""A lobbyist works the whip count in a real browser: filters it, changes a stance in one click and
makes an outreach audience of what is left on the list."""

import pytest
from playwright.sync_api import expect

from lobbying.models import Stance
from outreach.models import Audience
from tests.browser.test_admin_mailing import log_in
from tests.conftest import make_staff_user
from tests.lobbying.factories import make_asks, make_parliament

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_change_a_stance_and_make_an_audience(page, live_server, django_user_model):
    make_staff_user(django_user_model, "lobbyist", "Outreach")
    commons, lords, parties, mps, peers = make_parliament(8, 6)
    (ask,) = make_asks(1)
    Stance.objects.bulk_create(Stance(person=peer, recommendation=ask, stance="undecided") for peer in peers)
    log_in(page, live_server, "lobbyist")

    page.goto(f"{live_server.url}/admin/lobbying/stance/whip-count/{ask.pk}/")
    page.select_option("select[name=house]", str(lords.pk))
    page.select_option(".whip-filters select[name=stance]", "undecided")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="6 parliamentarians")).to_be_visible()

    page.get_by_label(f"Stance of {peers[0].full_name}").select_option("leaning")
    page.locator("form.stance-edit").filter(has=page.get_by_label(f"Stance of {peers[0].full_name}")).get_by_role(
        "button", name="Save"
    ).click()
    expect(page.get_by_text(f"{peers[0].full_name}: Leaning our way.")).to_be_visible()
    expect(page.get_by_role("heading", name="5 parliamentarians")).to_be_visible()  # the filter stayed

    page.get_by_role("button", name="Make an outreach audience of these 5 people").click()
    expect(page.get_by_text("5 recipients now")).to_be_visible()
    audience = Audience.objects.get()
    assert set(audience.chosen_people.all()) == set(peers[1:])
    assert Stance.objects.get(person=peers[0]).history.first().history_user.username == "lobbyist"
