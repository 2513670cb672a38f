"""Supporters find the open letter campaigns on the home page, and only those."""

import datetime

import pytest
from django.utils import timezone

from letters.models import LetterCampaign

from .factories import make_letter_campaign

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_open_letter_campaigns_only(client):
    make_letter_campaign()
    make_letter_campaign(
        slug="closed-letters", title="A closed one", closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    make_letter_campaign(slug="draft-letters", title="A draft", status=LetterCampaign.Status.DRAFT)
    make_letter_campaign(slug="later-letters", title="Not yet", opens_at=timezone.now() + datetime.timedelta(days=1))
    page = client.get("/").content.decode()
    assert 'href="/write/inquiry-letters/"' in page
    assert "Write to your MP" in page
    for hidden in ("A closed one", "A draft", "Not yet"):
        assert hidden not in page
    assert "از نماینده‌تان بخواهید از تحقیق مستقل حمایت کند" in client.get("/fa/").content.decode()


def test_without_an_open_campaign_the_home_page_has_no_letters_section(client):
    assert 'id="letters"' not in client.get("/").content.decode()
