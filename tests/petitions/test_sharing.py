"""Passing a petition or an event on: share links that carry the page's address, link-preview
images drawn on our server, and the links between an event and the petitions it led to."""

import re
from io import BytesIO
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from petitions.models import Petition
from petitions.services import signature_confirm, signature_submit
from petitions.tokens import make_confirmation_token

pytestmark = pytest.mark.django_db

NETWORKS = [
    "mailto:?",
    "https://wa.me/",
    "https://t.me/share/url",
    "https://x.com/intent/post",
    "https://www.facebook.com/sharer",
]


@pytest.fixture
def petition(demo_event):
    return Petition.objects.get(slug="independent-inquiry-1988-massacre")


def share_hrefs(page, url):
    """The networks whose share link on the page carries `url`."""
    hrefs = re.findall(r'href="([^"]+)"', page)
    return [network for network in NETWORKS if any(h.startswith(network) and quote(url) in h for h in hrefs)]


def test_the_petition_page_has_share_links_carrying_its_address(client, petition):
    page = client.get(petition.get_absolute_url()).content.decode()
    url = settings.SITE_URL + petition.get_absolute_url()
    assert share_hrefs(page, url) == NETWORKS
    assert f'value="{url}"' in page  # the link to copy
    assert "js/share.js" in page


def test_the_thank_you_pages_have_share_links_too(client, petition):
    url = settings.SITE_URL + petition.get_absolute_url()
    signed = client.get(reverse("petitions:signed", args=[petition.slug])).content.decode()
    assert share_hrefs(signed, url) == NETWORKS
    signature_id = signature_submit(petition=petition, name="Ada Lovelace", email="ada@example.org", country="IE")
    signature, _ = signature_confirm(signature_id)
    confirmed = client.get(reverse("petitions:confirm", args=[make_confirmation_token(signature)])).content.decode()
    assert "your signature counts" in confirmed
    assert share_hrefs(confirmed, url) == NETWORKS


def test_the_petition_and_event_pages_name_their_preview_images(client, petition, demo_event):
    for page_url, image_url in [
        (petition.get_absolute_url(), reverse("petitions:preview-image", args=[petition.slug])),
        (demo_event.get_absolute_url(), reverse("events:preview-image", args=[demo_event.slug])),
    ]:
        page = client.get(page_url).content.decode()
        assert f'<meta property="og:image" content="{settings.SITE_URL}{image_url}">' in page
        assert '<meta name="twitter:card" content="summary_large_image">' in page


@pytest.mark.parametrize("prefix", ["", "/fa"])
def test_preview_images_are_pngs_drawn_for_link_previews(client, petition, demo_event, prefix):
    paths = [
        reverse("petitions:preview-image", args=[petition.slug]),
        reverse("events:preview-image", args=[demo_event.slug]),
    ]
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "public" in response["Cache-Control"]
        image = Image.open(BytesIO(response.content))
        assert image.size == (1200, 630)


def test_a_preview_image_is_drawn_once_and_then_comes_from_the_cache(client, petition, monkeypatch):
    cache.clear()
    url = reverse("petitions:preview-image", args=[petition.slug])
    first = client.get(url).content
    drawn = []
    monkeypatch.setattr("petitions.views.preview_image", lambda **kwargs: drawn.append(kwargs) or b"")
    assert client.get(url).content == first
    assert drawn == []


def test_the_english_and_persian_preview_images_differ(client, petition):
    url = reverse("petitions:preview-image", args=[petition.slug])
    assert client.get(url).content != client.get("/fa" + url).content


def test_an_unpublished_petition_has_no_preview_image(client, petition):
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.DRAFT)
    assert client.get(reverse("petitions:preview-image", args=[petition.slug])).status_code == 404


def test_the_event_page_links_to_its_petitions_and_the_petition_back_to_the_event(client, petition, demo_event):
    event_page = client.get(demo_event.get_absolute_url()).content.decode()
    assert f'href="{petition.get_absolute_url()}#sign"' in event_page
    assert "Petitions from this event" in event_page
    petition_page = client.get(petition.get_absolute_url()).content.decode()
    assert f'href="{demo_event.get_absolute_url()}"' in petition_page


def test_a_draft_petition_is_not_listed_on_its_event(client, petition, demo_event):
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.DRAFT)
    assert petition.get_absolute_url() not in client.get(demo_event.get_absolute_url()).content.decode()
