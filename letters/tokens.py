"""Signed, expiring tokens for the confirmation link of a letter. A token names the letter by its random
public id (a row id would tell how many have written); the signature (the secret key and a salt of its
own) makes it unforgeable."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "letters.letter.confirm"


def make_confirmation_token(letter):
    return signing.dumps({"l": letter.public_id.hex}, salt=CONFIRM_SALT)


def read_confirmation_token(token):
    """The letter's public id (hex) in `token`. Raises signing.SignatureExpired once the link is older than
    LETTER_CONFIRMATION_MAX_AGE, signing.BadSignature when it was altered."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.LETTER_CONFIRMATION_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("l"), str) or len(data["l"]) != 32:
        raise signing.BadSignature("Unexpected token payload")
    return data["l"]
