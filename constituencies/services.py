"""Postcode → constituency → MP, and validated signatures counted by constituency.

Every lookup here reads our own tables (loaded by `manage.py load_postcodes`): a supporter's
postcode is personal data and never leaves our server.
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Trim, Upper

from people.models import Legislature, ParliamentaryRole
from petitions.models import Signature

from .models import Constituency, PostcodeConstituency

# A UK postcode without its space: outward code (A9, A99, A9A, AA9, AA99, AA9A) and inward code (9AA).
# GIR0AA is Girobank's, still in the directory.
POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA")


def normalise_postcode(text):
    """The postcode as our tables hold it, upper case without spaces ("sw1a 0aa" → "SW1A0AA"), or
    None when `text` is not shaped like a UK postcode."""
    compact = "".join((text or "").split()).upper()
    return compact if POSTCODE.fullmatch(compact) else None


def display_postcode(postcode):
    """ "SW1A0AA" → "SW1A 0AA": the inward code is always the last three characters."""
    return f"{postcode[:-3]} {postcode[-3:]}" if postcode else ""


def postcodes_loaded():
    """Whether any postcode data is loaded; without it supporters pick their constituency by name."""
    return PostcodeConstituency.objects.exists()


def constituencies_for_postcode(postcode):
    """The constituencies `postcode` lies in, by name: one, several when it straddles a boundary,
    none when it is malformed or not in the directory (or the directory is not loaded)."""
    compact = normalise_postcode(postcode)
    if compact is None:
        return []
    return list(Constituency.objects.filter(postcodes__postcode=compact).order_by("name"))


def commons_roles():
    """Seats in the House of Commons: the UK's lower house (by its country, or its name when none is set)."""
    commons = Q(legislature__country="GB") | Q(legislature__name__iexact="House of Commons")
    return ParliamentaryRole.objects.filter(commons, legislature__kind=Legislature.Kind.LOWER)


def current_mp(constituency):
    """The current Commons seat for `constituency` (matched by name, as seats name their
    constituency), with its person and party; None when the seat is vacant or unknown to us."""
    if not constituency.name.strip():
        # Loaded without ONS's names file: matching "" would find any seat recorded without one.
        return None
    return (
        commons_roles()
        .annotate(seat=Upper(Trim("constituency")))
        .filter(is_current=True, seat=constituency.name.strip().upper())
        .select_related("person", "party", "legislature")
        .order_by("-started_on", "-id")
        .first()
    )


def validated_signatures_by_constituency(petition_ids=None):
    """{constituency id: number of people who signed} from validated UK signatures whose postcode
    is in that constituency; of `petition_ids` only, when given. A person who signed several of the
    petitions counts once (by their normalised address); a postcode straddling constituencies
    counts in each, since we cannot tell which side the signer lives on.

    Raw SQL because the join is on the postcode as typed, normalised in the query, not on a foreign
    key; one grouped query for the whole country.
    """
    if petition_ids is not None:
        petition_ids = list(petition_ids)
        if not petition_ids:
            return {}
    signature_table = Signature._meta.db_table
    postcode_table = PostcodeConstituency._meta.db_table
    petition_filter = "AND s.petition_id = ANY(%s)" if petition_ids is not None else ""
    sql = (
        # The table names are our models' own; every value is a parameter.
        "SELECT pc.constituency_id, COUNT(DISTINCT s.email_normalised) "  # noqa: S608  # nosec B608
        f"FROM {signature_table} s JOIN {postcode_table} pc "
        "ON pc.postcode = REPLACE(UPPER(s.postcode), ' ', '') "
        f"WHERE s.status = %s AND s.country = 'GB' AND s.postcode <> '' {petition_filter} "
        "GROUP BY pc.constituency_id"
    )
    params = [Signature.Status.VALIDATED]
    if petition_ids is not None:
        params.append(petition_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def constituents_signed_by_mp(petition_ids):
    """{person id: (constituency name, people there who signed)} for every current MP: the count
    of validated signatures of `petition_ids` with a postcode in the constituency of their seat
    (0 when their seat is not among the loaded constituencies). Three queries, whatever the number
    of MPs: a mailing to all of them reads this once per batch, not once per recipient."""
    counts = validated_signatures_by_constituency(petition_ids)
    by_name = {name.strip().upper(): (pk, name) for pk, name in Constituency.objects.values_list("pk", "name")}
    seats = commons_roles().filter(is_current=True).exclude(constituency="").order_by("started_on", "id")
    result = {}
    for person_id, seat in seats.values_list("person_id", "constituency"):
        pk, name = by_name.get(seat.strip().upper(), (None, seat.strip()))
        result[person_id] = (name, counts.get(pk, 0))
    return result


def mps_whose_constituents_signed(petition_ids):
    """Ids of the current MPs with at least one constituent among the validated signers of `petition_ids`."""
    return [person_id for person_id, (_name, count) in constituents_signed_by_mp(petition_ids).items() if count]
