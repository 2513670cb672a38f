"""Names and salutations as a letter-writer would set them."""

import pytest

from people.models import Person
from people.services import person_record_consent


@pytest.mark.parametrize(
    ("fields", "full_name", "salutation"),
    [
        (
            dict(honorific="Rt Hon Sir", given_name="Roger", family_name="Gale", post_nominals="MP"),
            "Rt Hon Sir Roger Gale MP",
            "Sir Roger",
        ),
        (
            dict(honorific="Lord", given_name="Ken", family_name="Maginnis", territorial_designation="of Drumglass"),
            "Lord Maginnis of Drumglass",
            "Lord Maginnis",
        ),
        (
            dict(
                honorific="Rt Hon",
                given_name="Theresa",
                family_name="Villiers",
                post_nominals="MP",
                salutation_title="Ms",
            ),
            "Rt Hon Theresa Villiers MP",
            "Ms Villiers",
        ),
        (
            dict(honorific="Professor", given_name="Sara", family_name="Chandler", post_nominals="QC (Hon)"),
            "Professor Sara Chandler QC (Hon)",
            "Professor Chandler",
        ),
        (dict(honorific="Senator", given_name="Ivana", family_name="Bacik"), "Senator Ivana Bacik", "Senator Bacik"),
        (dict(given_name="Dowlat", family_name="Nowrouzi"), "Dowlat Nowrouzi", "Dowlat Nowrouzi"),
    ],
)
def test_full_name_and_formal_salutation(fields, full_name, salutation):
    person = Person(**fields)
    assert person.full_name == full_name
    assert person.formal_salutation() == salutation


# Debrett's forms of address for the people campaigns write to:
# (honorific, given name, family name, salutation title) → what follows "Dear".
SALUTATIONS = [
    # Members of Parliament, "Rt Hon" in its spellings
    ("Rt Hon", "Theresa", "Villiers", "Ms", "Ms Villiers"),
    ("Right Hon", "Theresa", "Villiers", "Ms", "Ms Villiers"),
    ("RT HON", "Theresa", "Villiers", "Ms", "Ms Villiers"),
    ("The Right Honourable", "Theresa", "Villiers", "Ms", "Ms Villiers"),
    ("Rt. Hon.", "David", "Jones", "Mr", "Mr Jones"),
    ("The Rt Hon", "David", "Jones", "", "David Jones"),
    ("", "Jim", "Shannon", "Mr", "Mr Shannon"),
    # Peers: life and hereditary, by title
    ("Lord", "Ken", "Maginnis", "", "Lord Maginnis"),
    ("The Rt Hon the Lord", "", "Alton", "", "Lord Alton"),
    ("Baroness", "Kate", "Hoey", "", "Lady Hoey"),
    ("The Baroness", "Helena", "Kennedy", "", "Lady Kennedy"),
    ("The Earl of", "", "Sandwich", "", "Lord Sandwich"),
    ("Countess of", "", "Mar", "", "Lady Mar"),
    ("Viscount", "", "Hailsham", "", "Lord Hailsham"),
    ("Viscountess", "", "Astor", "", "Lady Astor"),
    ("The Marquess of", "", "Salisbury", "", "Lord Salisbury"),
    ("The Most Hon the Marchioness of", "", "Reading", "", "Lady Reading"),
    ("The Duke of", "", "Norfolk", "", "Duke"),
    ("Duchess of", "", "Somerset", "", "Duchess"),
    # Knights, dames, baronets
    ("Rt Hon Sir", "Roger", "Gale", "", "Sir Roger"),
    ("Sir", "", "Gale", "", "Sir"),
    ("Dame", "Margaret", "Hodge", "", "Dame Margaret"),
    ("Professor Sir", "John", "Curtice", "", "Sir John"),
    ("Lady", "Suzy", "Gale", "", "Lady Gale"),
    # Doctors, professors, judges and silks
    ("Dr", "Tahar", "Boumedra", "", "Dr Boumedra"),
    ("Dr.", "Tahar", "Boumedra", "Mr", "Dr Boumedra"),
    ("Professor", "Sara", "Chandler", "", "Professor Chandler"),
    ("Prof", "Sara", "Chandler", "", "Professor Chandler"),
    ("The Hon Mr Justice", "", "Smith", "", "Judge"),
    ("The Hon Mrs Justice", "", "Jones", "", "Judge"),
    ("His Honour Judge", "", "Brown", "", "Judge"),
    ("Her Honour Judge", "", "Green", "", "Judge"),
    ("Rt Hon Lord Justice", "", "Singh", "", "Lord Justice"),
    ("Lord", "David", "Neuberger", "", "Lord Neuberger"),  # a Supreme Court justice is a peer
    ("", "Sarah", "Elson", "Ms", "Ms Elson"),  # a KC is addressed by title: the letters follow the name
    # Bishops and other clergy
    ("The Rt Revd", "Nick", "Baines", "", "Bishop"),
    ("The Right Reverend", "Nick", "Baines", "", "Bishop"),
    ("The Rt Revd the Lord Bishop of", "", "Leeds", "", "Bishop"),
    ("The Most Revd", "Justin", "Welby", "", "Archbishop"),
    ("The Very Revd", "David", "Hoyle", "", "Dean"),
    ("The Venerable", "Luke", "Miller", "", "Archdeacon"),
    ("The Revd", "John", "Smith", "Mr", "Mr Smith"),
    ("The Revd", "John", "Smith", "", "John Smith"),
    ("Canon", "Mark", "Oakley", "", "Canon Oakley"),
    ("Father", "Tim", "Radcliffe", "", "Father Radcliffe"),
    ("Rabbi", "Jonathan", "Wittenberg", "", "Rabbi Wittenberg"),
    # Ambassadors
    ("His Excellency", "Pierre", "Vimont", "", "Ambassador"),
    ("Her Excellency", "Marie", "Dupont", "", "Ambassador"),
    ("HE", "Marie", "Dupont", "", "Ambassador"),
    # Other titles and none
    ("Senator", "Ivana", "Bacik", "", "Senator Bacik"),
    ("Colonel", "Tim", "Collins", "", "Colonel Collins"),
    ("Cllr", "Ann", "Lee", "", "Councillor Lee"),
    ("", "Dowlat", "Nowrouzi", "", "Dowlat Nowrouzi"),
    ("", "", "Nowrouzi", "", "Nowrouzi"),
]


@pytest.mark.parametrize(("honorific", "given_name", "family_name", "salutation_title", "expected"), SALUTATIONS)
def test_salutations_follow_debretts(honorific, given_name, family_name, salutation_title, expected):
    person = Person(
        honorific=honorific, given_name=given_name, family_name=family_name, salutation_title=salutation_title
    )
    assert person.formal_salutation() == expected


@pytest.mark.django_db
def test_consent_changes_are_recorded_with_when_and_where():
    person = Person.objects.create(family_name="Supporter", email="s@example.org")
    first = person_record_consent(person, status="subscribed", source="petition form", wording="Keep me posted")
    assert first is not None
    # Repeating the same status (a second unsubscribe click, say) writes nothing.
    assert person_record_consent(person, status="subscribed", source="petition form") is None
    person_record_consent(person, status="unsubscribed", source="unsubscribe link")
    person.refresh_from_db()
    assert person.email_consent == "unsubscribed"
    assert [c.status for c in person.consent_changes.all()] == ["unsubscribed", "subscribed"]
    assert person.consent_changes.last().wording == "Keep me posted"


@pytest.mark.parametrize(
    ("fields", "persian"),
    [
        (dict(honorific="Rt Hon Sir", given_name="Roger", family_name="Gale"), "جناب آقای Roger Gale"),
        (
            dict(honorific="Rt Hon", given_name="Theresa", family_name="Villiers", salutation_title="Ms"),
            "سرکار خانم Theresa Villiers",
        ),
        (dict(honorific="Mrs", given_name="مریم", family_name="رجوی"), "سرکار خانم مریم رجوی"),
        (
            dict(honorific="Dr", given_name="Jocelynne", family_name="Scutt", salutation_title="Ms"),
            "سرکار خانم دکتر Jocelynne Scutt",
        ),
        (dict(honorific="Dr", given_name="Tahar", family_name="Boumedra"), "دکتر Tahar Boumedra گرامی"),
        (dict(honorific="Senator", given_name="Ivana", family_name="Bacik"), "Ivana Bacik گرامی"),
        (dict(given_name="رضا", family_name="کریمی"), "رضا کریمی گرامی"),
        (dict(family_name="Ahmadi"), "Ahmadi گرامی"),
    ],
)
def test_persian_letters_open_with_a_respectful_persian_form_of_address(fields, persian):
    person = Person(**fields)
    assert person.salutation_in("fa") == persian
    # English letters keep Debrett's forms.
    assert person.salutation_in("en-gb") == person.formal_salutation()
