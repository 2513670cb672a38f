"""Parliament's names, read into our Person's parts, and a key that lets two spellings of one name
meet ("Rt Hon Siân Ó Briain MP", "Ó Briain, Ms Siân" and "Sian O Briain" are one person).

The Members API gives four forms of each name (nameListAs "Abbott, Ms Diane", nameDisplayAs
"Ms Diane Abbott", nameFullTitle "Rt Hon Diane Abbott MP", nameAddressAs "Ms Abbott"); a peer's
list form abbreviates the rank ("Hayter of Kentish Town, B.") and the display form spells it
("Baroness Hayter of Kentish Town"). The EDM API gives only "Name" and "ListAs".
"""

import re
import unicodedata
from dataclasses import dataclass

# Words that title a name but are not part of it, compared without case or full stops.
TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "rt", "hon", "right", "honourable", "the", "prof",
    "professor", "lord", "lady", "baroness", "baron", "viscount", "viscountess", "earl", "countess", "marquess",
    "marchioness", "duke", "duchess", "bishop", "archbishop", "mp", "kc", "qc", "cbe", "obe", "mbe", "kbe", "dbe",
}  # fmt: skip
PLAIN_TITLES = {"Mr", "Mrs", "Ms", "Miss", "Mx"}
# The ranks a peer's list form abbreviates: "Farrant, L.", "Stourton, E.", "Durham, Bp.".
RANK_ABBREVIATIONS = {
    "l": "Lord", "b": "Baroness", "v": "Viscount", "vs": "Viscountess", "e": "Earl", "c": "Countess",
    "m": "Marquess", "d": "Duke", "bp": "Bishop", "abp": "Archbishop", "ly": "Lady",
}  # fmt: skip
# Apostrophes and hyphens as typed on different keyboards.
SAME_CHARACTER = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "–": "-"})


def name_key(text):
    """The name without titles, accents, case or punctuation: 'sian o briain'."""
    text = unicodedata.normalize("NFKD", (text or "").translate(SAME_CHARACTER))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    words = re.split(r"[\s.,'’\-()]+", text)
    return " ".join(word for word in words if word and word not in TITLE_WORDS)


def list_name_key(list_as):
    """The key of a list form, read back into name order: 'Ó Briain, Ms Siân' → 'sian o briain';
    a peer's 'Whitmore of Ely, B.' → 'whitmore of ely'."""
    family, _comma, rest = (list_as or "").partition(",")
    if rest.strip(" .").casefold() in RANK_ABBREVIATIONS:
        rest = ""  # a peer's rank, abbreviated: "L.", "B.", "Bp."
    return name_key(f"{rest} {family}")


@dataclass
class NameParts:
    honorific: str = ""
    given_name: str = ""
    family_name: str = ""
    territorial_designation: str = ""
    post_nominals: str = ""
    salutation_title: str = ""


def member_name_parts(*, list_as, display_as, full_title, house):
    """A Person's name fields from the Members API's forms. Peers are styled by rank and title
    ('Baroness' 'Whitmore' 'of Ely'); MPs by given and family name, the full title's words before
    and after the name as honorific and post-nominals ('Rt Hon Sir' … 'MP')."""
    family_part, _comma, rest = (list_as or "").partition(",")
    family_part, rest = family_part.strip(), rest.strip()
    if house == 2:
        return peer_name_parts(family_part=family_part, rank=rest, display_as=display_as or "")
    words = rest.split()
    titles = []
    while words and name_key(words[0]) == "" and len(words) > 1:
        titles.append(words.pop(0))
    given = " ".join(words)
    full_title = (full_title or display_as or "").strip()
    name = f"{given} {family_part}".strip()
    at = full_title.find(name) if name else -1
    if at >= 0:
        honorific = full_title[:at].strip()
        post_nominals = full_title[at + len(name) :].strip()
    else:
        honorific = " ".join(title for title in titles if title not in PLAIN_TITLES)
        post_nominals = ""
    plain = [title for title in titles if title in PLAIN_TITLES]
    # "Ms" is not in "Rt Hon Diane Abbott MP": kept apart, so a letter still says "Dear Ms Abbott".
    salutation_title = plain[0] if plain and plain[0] not in honorific.split() else ""
    return NameParts(
        honorific=honorific[:60],
        given_name=given[:100],
        family_name=(family_part or given or display_as or "?")[:100],
        post_nominals=post_nominals[:60],
        salutation_title=salutation_title,
    )


def peer_name_parts(*, family_part, rank, display_as):
    """'Whitmore of Ely', 'B.', 'Baroness Whitmore of Ely' → Baroness / Whitmore / of Ely;
    'Stourton', 'E.', 'The Earl of Stourton' → The Earl of / Stourton."""
    family, of, place = family_part.partition(" of ")
    family = family.strip() or family_part
    territorial = f"of {place.strip()}" if of else ""
    at = display_as.find(family)
    honorific = display_as[:at].strip() if at > 0 else ""
    if not honorific:
        honorific = RANK_ABBREVIATIONS.get(rank.strip(". ").casefold(), "Lord")
    return NameParts(honorific=honorific[:60], family_name=family[:100], territorial_designation=territorial[:100])


def person_name_keys(person):
    """The keys a Person may be known by: given and family name ('sian o briain'), and for a
    peer, rank and title ('whitmore of ely')."""
    keys = {name_key(f"{person.given_name} {person.family_name}")}
    if person.territorial_designation or person.is_peer_styled:
        keys.add(name_key(f"{person.family_name} {person.territorial_designation}"))
    return {key for key in keys if key}
