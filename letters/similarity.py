"""How much of a letter is someone else's: word n-grams ("shingles") shared with earlier letters.

WriteToThem blocks near-identical letters because MPs discount mass mail; so do we. A letter becomes
the set of hashes of its runs of SHINGLE_WORDS words (lower case, punctuation and Persian/Arabic
spelling variants ignored), stored with the letter. A new letter is compared with every earlier
letter of its campaign in one query: the GIN index on the arrays finds the letters sharing any
phrase (`&&`), and PostgreSQL counts the shared ones. The score is the overlap coefficient, shared
phrases over the shorter letter's phrases, so that a copied letter padded with a few sentences of
one's own, or a copy cut short, still counts as a copy.
"""

import hashlib
import re
import unicodedata

from django.db import connection

from .models import Letter

SHINGLE_WORDS = 4
WORD = re.compile(r"\w+")
# The same letter typed on an Arabic keyboard or a Persian one.
SPELLING_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا"})


def words_of(text):
    text = unicodedata.normalize("NFKC", text).casefold().translate(SPELLING_VARIANTS)
    # Without diacritics (harakat, accents): the same word however it was marked.
    text = "".join(char for char in unicodedata.normalize("NFD", text) if unicodedata.category(char) != "Mn")
    return WORD.findall(text)


def shingle_hash(phrase):
    """A signed 64-bit hash (PostgreSQL's bigint) of a phrase; stable across processes, unlike hash()."""
    digest = hashlib.blake2b(phrase.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def shingles_of(text):
    """The sorted hashes of the letter's runs of SHINGLE_WORDS words (one for a shorter text)."""
    words = words_of(text)
    if not words:
        return []
    runs = [words[i : i + SHINGLE_WORDS] for i in range(max(1, len(words) - SHINGLE_WORDS + 1))]
    return sorted({shingle_hash(" ".join(run)) for run in runs})


# Letters other writers confirmed or sent. Refused ones and drafts are nobody's words yet, and
# unconfirmed ones are not compared either: throwaway addresses could otherwise leave short letters
# built from the campaign's own points that would turn genuine supporters away as copies.
COMPARED_STATUSES = [Letter.Status.CONFIRMED, Letter.Status.SENT]

SIMILARITY_SQL = f"""
    SELECT coalesce(max(
        cardinality(ARRAY(SELECT unnest(shingles) INTERSECT SELECT unnest(%(new)s::bigint[])))::float
        / least(cardinality(shingles), %(size)s)
    ), 0)
    FROM {Letter._meta.db_table}
    WHERE campaign_id = %(campaign)s
      AND status = ANY(%(statuses)s)
      AND (writer_email_normalised <> %(writer)s OR recipient_id IS DISTINCT FROM %(recipient)s)
      AND shingles && %(new)s::bigint[]
"""  # noqa: S608  # nosec B608 (the table name is the model's own; every value is a parameter)


def highest_similarity(*, campaign_id, shingles, writer_email_normalised, recipient_id=None):
    """The share (0–1) of the shorter letter's phrases that the new letter shares with the most
    similar earlier letter of the campaign by another writer; 0 when none shares any."""
    if not shingles:
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            SIMILARITY_SQL,
            {
                "new": list(shingles),
                "size": len(shingles),
                "campaign": campaign_id,
                "statuses": [str(status) for status in COMPARED_STATUSES],
                "writer": writer_email_normalised,
                # Their own letter to the same recipient is a rewrite; to another, the same text twice.
                "recipient": recipient_id,
            },
        )
        return float(cursor.fetchone()[0])
