"""Signed, expiring links in the "Did your MP reply?" mail. A link names the letter by its random
public id (a row id would tell how many have written); the signature (the secret key and a salt of
this purpose) makes it unforgeable, and it stops working after LETTER_SURVEY_LINK_MAX_AGE."""

from django.conf import settings
from django.core import signing

SURVEY_SALT = "letters.letter.survey"


def make_survey_token(letter):
    return signing.dumps({"l": letter.public_id.hex}, salt=SURVEY_SALT)


def read_survey_token(token):
    """The letter's public id (hex) in `token`. Raises signing.SignatureExpired once the link is
    older than LETTER_SURVEY_LINK_MAX_AGE, signing.BadSignature when it was altered."""
    data = signing.loads(token, salt=SURVEY_SALT, max_age=settings.LETTER_SURVEY_LINK_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("l"), str) or len(data["l"]) != 32:
        raise signing.BadSignature("Unexpected token payload")
    return data["l"]
