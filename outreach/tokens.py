"""Signed unsubscribe links. They work for a long time (people unsubscribe from old mail) but not
for ever, and name the mailing so the consent record says where the person unsubscribed."""

from django.conf import settings
from django.core import signing

UNSUBSCRIBE_SALT = "outreach.unsubscribe"


def make_unsubscribe_token(person_id, mailing_id=None):
    return signing.dumps({"person": person_id, "mailing": mailing_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(person id, mailing id or None). Raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=settings.OUTREACH_UNSUBSCRIBE_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("person"), int):
        raise signing.BadSignature("Unexpected token payload")
    mailing = data.get("mailing")
    return data["person"], mailing if isinstance(mailing, int) else None
