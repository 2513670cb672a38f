"""Signed links for email preferences. Unsubscribe links work for a long time (people unsubscribe
from old mail) but not for ever, and name the mailing so the consent record says where the person
unsubscribed; re-subscribe links, mailed to the address itself, work for a week. A person is named
by their random public id, never their row id."""

from django.conf import settings
from django.core import signing

UNSUBSCRIBE_SALT = "outreach.unsubscribe"
RESUBSCRIBE_SALT = "outreach.resubscribe"


def make_unsubscribe_token(person, mailing=None):
    return signing.dumps({"p": person.public_id.hex, "m": mailing.pk if mailing else None}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(person public id, mailing id or None). Raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=settings.OUTREACH_UNSUBSCRIBE_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("p"), str):
        raise signing.BadSignature("Unexpected token payload")
    mailing = data.get("m")
    return data["p"], mailing if isinstance(mailing, int) else None


def make_resubscribe_token(person):
    return signing.dumps({"p": person.public_id.hex}, salt=RESUBSCRIBE_SALT)


def read_resubscribe_token(token):
    data = signing.loads(token, salt=RESUBSCRIBE_SALT, max_age=settings.OUTREACH_RESUBSCRIBE_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("p"), str):
        raise signing.BadSignature("Unexpected token payload")
    return data["p"]
