"""Signed, expiring tokens for links in mail. A token names a signature by its random public id
(never the row id, which would tell how many have signed); the signature itself (with the secret
key and a salt per purpose) makes it unforgeable."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "petitions.signature.confirm"


def make_confirmation_token(signature):
    return signing.dumps({"s": signature.public_id.hex}, salt=CONFIRM_SALT)


def read_confirmation_token(token):
    """The signature's public id (hex) in `token`. Raises signing.SignatureExpired once the link is older than
    SIGNATURE_CONFIRMATION_MAX_AGE, signing.BadSignature when it was altered."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.SIGNATURE_CONFIRMATION_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("s"), str) or len(data["s"]) != 32:
        raise signing.BadSignature("Unexpected token payload")
    return data["s"]
