"""Signed tokens for the links in registration mail, as for signatures (petitions/tokens.py): each
names a registrant by a random public id, never the row id, and a salt per purpose keeps a link
of one kind from working as another.

- The confirmation link expires after REGISTRATION_CONFIRMATION_MAX_AGE.
- The link to one's registration (see it, get the join link, cancel) works until the event is
  over; the view checks that, since the event may move after the mail went out.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "registrations.registrant.confirm"
MANAGE_SALT = "registrations.registrant.manage"


def make_token(registrant, salt):
    return signing.dumps({"r": registrant.public_id.hex}, salt=salt)


def read_token(token, salt, max_age=None):
    """The registrant's public id (hex). Raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(data, dict) or not isinstance(data.get("r"), str) or len(data["r"]) != 32:
        raise signing.BadSignature("Unexpected token payload")
    return data["r"]


def make_confirmation_token(registrant):
    return make_token(registrant, CONFIRM_SALT)


def read_confirmation_token(token):
    return read_token(token, CONFIRM_SALT, max_age=settings.REGISTRATION_CONFIRMATION_MAX_AGE)


def make_manage_token(registrant):
    return make_token(registrant, MANAGE_SALT)


def read_manage_token(token):
    return read_token(token, MANAGE_SALT)
