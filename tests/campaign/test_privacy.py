"""The privacy notice says who is responsible, how to reach them, on what basis, for how long, what
rights a person has and how to complain to the ICO, from this installation's settings, in both
languages."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured(settings):
    settings.PRIVACY_CONTROLLER = "Committee for Human Rights in Iran"
    settings.PRIVACY_CONTROLLER_ADDRESS = "1 Example Street, London SW1A 1AA"
    settings.PRIVACY_CONTACT_EMAIL = "privacy@example.org"
    settings.PRIVACY_ICO_REGISTRATION = "ZA123456"
    settings.REGISTRATION_KEEP_DAYS = 45
    return settings


def test_the_notice_names_the_controller_and_how_to_reach_them(client, configured):
    page = client.get("/privacy/").content.decode()
    assert "<bdi>Committee for Human Rights in Iran</bdi> is the controller" in page
    assert "1 Example Street, London SW1A 1AA" in page
    assert 'href="mailto:privacy@example.org"' in page
    assert "ZA123456" in page


def test_the_notice_gives_the_lawful_basis_rights_retention_and_the_ico(client, configured):
    page = client.get("/privacy/").content.decode()
    for words in ("Our lawful basis", "9(2)(a)", "6(1)(f)", "object to how we use it", "erased 45 days"):
        assert words in page
    assert 'href="https://ico.org.uk/make-a-complaint/"' in page
    assert "When you register for an event" in page


def test_without_settings_the_controller_is_the_organisation_running_the_site(client, demo_event, settings):
    settings.DEFAULT_FROM_EMAIL = "Campaign <campaign@example.org>"
    page = client.get("/privacy/").content.decode()
    assert "is the controller" in page
    assert 'href="mailto:campaign@example.org"' in page
    assert "Information Commissioner's Office under number" not in page


def test_the_persian_notice_says_the_same(client, configured):
    page = client.get("/fa/privacy/").content.decode()
    assert "<bdi>Committee for Human Rights in Iran</bdi>" in page
    assert "کنترل‌کننده" in page
    assert "ico.org.uk/make-a-complaint" in page
    assert "۴۵" in page  # the days in Persian digits
