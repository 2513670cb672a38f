"""What follows "Dear" in a letter, after Debrett's forms of address.

Staff type an honorific the way a press release prints it ("Rt Hon Sir", "The Earl of", "The Rt Revd",
"His Excellency"), in any case and with or without full stops. The salutation keeps only what a
letter uses: a peer by title ("Lord Maginnis", "Lady Hoey" for a baroness, "Duke" for a duke), a
knight or dame by given name ("Sir Roger"), a judge, bishop or ambassador by office ("Judge",
"Bishop", "Ambassador"), everyone else by title and family name ("Dr Boumedra", "Ms Villiers"),
and a person with no known title by name. Style words ("The", "Rt Hon", "The Right Honourable",
"Most Hon") are never part of a salutation.
"""

import re

# Words that style a name in an address but are never said in a salutation.
STYLE_WORDS = {"the", "rt", "right", "hon", "honourable", "honorable", "most", "of", "and"}

PLAIN_TITLES = {
    "mr": "Mr",
    "mrs": "Mrs",
    "ms": "Ms",
    "miss": "Miss",
    "mx": "Mx",
    "dr": "Dr",
    "doctor": "Dr",
    "professor": "Professor",
    "prof": "Professor",
    "senator": "Senator",
    "councillor": "Councillor",
    "cllr": "Councillor",
    "canon": "Canon",
    "father": "Father",
    "fr": "Father",
    "rabbi": "Rabbi",
    "imam": "Imam",
    "cardinal": "Cardinal",
    "president": "President",
}
# Peers and peeresses, and the wives of peers and knights, are "Lord X" and "Lady X"; a duke is "Duke".
LORD_TITLES = {"lord", "baron", "viscount", "earl", "marquess", "marquis"}
LADY_TITLES = {"lady", "baroness", "viscountess", "countess", "marchioness"}
DUCAL_TITLES = {"duke": "Duke", "duchess": "Duchess"}
# Titles that a peerage or knighthood outranks in a salutation ("Professor Sir John" is "Sir John").
OUTRANKED = {"professor", "prof", "dr", "doctor", "mr", "mrs", "ms", "miss", "mx"}


def honorific_words(honorific):
    """'The Rt. Hon. the Lord' → ['the', 'rt', 'hon', 'the', 'lord']."""
    return [word for word in re.split(r"[\s.,]+", (honorific or "").casefold()) if word]


def has_phrase(words, *phrase):
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def office_salutation(words):
    """Salutations that name an office rather than a person: bishops, judges, ambassadors."""
    if "excellency" in words or words in (["he"], ["hem"]) or "ambassador" in words:
        return "Ambassador"
    clergy = {
        ("most", "revd"): "Archbishop",
        ("most", "rev"): "Archbishop",
        ("most", "reverend"): "Archbishop",
        ("rt", "revd"): "Bishop",
        ("rt", "rev"): "Bishop",
        ("right", "revd"): "Bishop",
        ("right", "reverend"): "Bishop",
        ("very", "revd"): "Dean",
        ("very", "rev"): "Dean",
        ("very", "reverend"): "Dean",
    }
    for phrase, office in clergy.items():
        if has_phrase(words, *phrase):
            return office
    if "venerable" in words or "ven" in words:
        return "Archdeacon"
    if "bishop" in words:
        return "Bishop"
    if "archbishop" in words:
        return "Archbishop"
    if has_phrase(words, "lord", "justice"):
        return "Lord Justice"
    if has_phrase(words, "lady", "justice"):
        return "Lady Justice"
    if {"justice", "judge"} & set(words) or has_phrase(words, "his", "honour") or has_phrase(words, "her", "honour"):
        return "Judge"
    return None


def formal_salutation(*, honorific="", given_name="", family_name="", salutation_title=""):
    """What follows "Dear": 'Sir Roger', 'Lord Maginnis', 'Lady Hoey', 'Ms Villiers', 'Bishop'."""
    words = honorific_words(honorific)
    name = " ".join(part for part in (given_name, family_name) if part)
    office = office_salutation(words)
    if office:
        return office
    for word in words:
        if word in DUCAL_TITLES:
            return DUCAL_TITLES[word]
    if any(word in LORD_TITLES for word in words):
        return f"Lord {family_name}".strip()
    if any(word in LADY_TITLES for word in words):
        return f"Lady {family_name}".strip()
    if "sir" in words:
        return f"Sir {given_name}" if given_name else "Sir"
    if "dame" in words:
        return f"Dame {given_name}" if given_name else "Madam"
    titles = [word for word in words if word not in STYLE_WORDS and word not in {"revd", "rev", "reverend"}]
    # The most specific title wins: "Dr" over a salutation title of "Mr", "Professor" over "Dr".
    for word in titles:
        if word in PLAIN_TITLES and word not in {"mr", "mrs", "ms", "miss", "mx"}:
            return f"{PLAIN_TITLES[word]} {family_name}".strip()
    if salutation_title.strip():
        return f"{salutation_title.strip()} {family_name}".strip()
    for word in titles:
        if word in PLAIN_TITLES:
            return f"{PLAIN_TITLES[word]} {family_name}".strip()
    written = honorific.replace(".", " ").split()
    unknown = [w for w in written if w.casefold() in titles and w.casefold() not in OUTRANKED]
    if unknown:
        # A title we do not know ("Colonel", "Ayatollah"): kept as written, before the family name.
        return f"{unknown[-1]} {family_name}".strip()
    return name or family_name


# Persian letters address a man as «جناب آقای …» and a woman as «سرکار خانم …», and keep a doctor's or
# professor's title after it; with neither known, «… گرامی» (dear …) is respectful for anyone.
PERSIAN_MEN = {"mr", "sir", "lord", "baron", "viscount", "earl", "marquess", "marquis", "duke", "father"}
PERSIAN_WOMEN = {"mrs", "ms", "miss", "lady", "dame", "baroness", "viscountess", "countess", "marchioness", "duchess"}
PERSIAN_TITLES = {"dr": "دکتر", "doctor": "دکتر", "professor": "پروفسور", "prof": "پروفسور"}


def persian_salutation(*, honorific="", given_name="", family_name="", salutation_title=""):
    """The form of address that opens a Persian letter, the whole of it (a Persian mailing starts
    "{{ salutation }}،"): 'جناب آقای Roger Gale', 'سرکار خانم دکتر Jocelynne Scutt', 'Ivana Bacik گرامی'.
    Names stay as they are written."""
    words = honorific_words(honorific) + honorific_words(salutation_title)
    name = " ".join(part for part in (given_name, family_name) if part) or family_name
    title = next((PERSIAN_TITLES[word] for word in words if word in PERSIAN_TITLES), "")
    if any(word in PERSIAN_MEN for word in words):
        return " ".join(part for part in ("جناب آقای", title, name) if part)
    if any(word in PERSIAN_WOMEN for word in words):
        return " ".join(part for part in ("سرکار خانم", title, name) if part)
    return " ".join(part for part in (title, name, "گرامی") if part)


def salutation_in(language, **name_parts):
    """The salutation for a letter in `language`: Persian forms for Persian ('fa'), else Debrett's
    English forms (what follows "Dear")."""
    if (language or "").split("-")[0] == "fa":
        return persian_salutation(**name_parts)
    return formal_salutation(**name_parts)
