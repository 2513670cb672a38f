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
