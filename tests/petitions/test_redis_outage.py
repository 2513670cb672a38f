"""Redis unreachable while the public signs: the signature is kept, and its mail goes out later."""

import pytest

from outbox.models import OutgoingMail
from petitions.models import Signature
from tests.mail import send_outbox

from .factories import make_petition, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """Point the cache and the broker at a port where nothing listens."""
    # Changing CACHES makes Django build new cache connections (its setting_changed handler).
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"},
    }


def test_signing_works_without_redis_and_the_mail_is_sent_once_it_is_back(client, redis_down, mailoutbox):
    petition = make_petition()
    response = client.post(f"/petitions/{petition.slug}/sign/", signing_form())
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert OutgoingMail.objects.get().about_id == signature.pk  # the outbox says the mail is due
    assert send_outbox() == 1  # what the beat tick does once workers reach Redis again
    assert mailoutbox[0].to == ["ada@example.org"]
