"""Members of both houses from files in the Members API's format: people, parties, seats; matched by
Parliament's id, then by name; what changed on a second file, dated; nothing changed by the same file."""

import copy
import datetime

import pytest

from parliament_data.models import MemberRecord, ParliamentImport
from parliament_data.services import members_import
from people.models import Legislature, ParliamentaryRole, Party, Person

from .helpers import changed_copy, member_item, raw

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 1)


def import_both(as_of=DAY):
    commons = members_import(content=raw("members-commons.json"), file_name="commons.json", as_of=as_of)
    lords = members_import(content=raw("members-lords.json"), file_name="lords.json", as_of=as_of)
    return commons, lords


def role_of(parliament_id, **filters):
    return ParliamentaryRole.objects.select_related("party", "legislature").get(
        person__parliament_record__parliament_id=parliament_id, **filters
    )


def test_mps_and_peers_are_created_with_their_party_seat_and_dates():
    commons, lords = import_both()
    assert (commons.created_count, lords.created_count) == (5, 4)
    assert commons.succeeded and lords.succeeded
    sian = role_of(5101)
    assert str(sian.person) == "Siân Ó Briain MP"
    assert (sian.legislature.name, sian.legislature.member_title) == ("House of Commons", "MP")
    assert (sian.party.name, sian.constituency, sian.started_on, sian.is_current) == (
        "Labour",
        "Bath and Wells",
        datetime.date(2024, 7, 4),
        True,
    )
    assert sian.person.formal_salutation() == "Ms Ó Briain"
    patrick = role_of(5102).person
    assert (patrick.honorific, patrick.given_name, patrick.family_name, patrick.post_nominals) == (
        "Rt Hon Sir",
        "Patrick",
        "O'Connell",
        "MP",
    )
    peer = role_of(6201)
    assert (peer.legislature.name, peer.legislature.kind, peer.constituency) == (
        "House of Lords",
        Legislature.Kind.UPPER,
        "",
    )
    assert str(peer.person) == "Baroness Whitmore of Ely"
    assert peer.person.formal_salutation() == "Lady Whitmore"
    assert str(role_of(6203).person) == "The Earl of Stourton"


def test_members_who_left_hold_a_former_seat_ended_on_the_day_parliament_gives():
    import_both()
    owen = role_of(5104)
    assert (owen.is_current, owen.ended_on) == (False, datetime.date(2025, 3, 31))
    earl = role_of(6203)
    assert (earl.is_current, earl.ended_on) == (False, datetime.date(2026, 4, 29))
    assert str(owen) == "former MP (Liberal Democrat) for Cardiff Bay"


def test_importing_the_same_files_again_changes_nothing():
    import_both()
    counts = (
        Person.objects.count(),
        Person.history.count(),
        ParliamentaryRole.objects.count(),
        Party.objects.count(),
        Legislature.objects.count(),
        MemberRecord.objects.count(),
    )
    roles = list(ParliamentaryRole.objects.order_by("pk").values())
    records = list(MemberRecord.objects.order_by("pk").values())
    commons, lords = import_both(as_of=DAY + datetime.timedelta(days=30))
    assert (commons.unchanged_count, lords.unchanged_count) == (5, 4)
    assert commons.created_count + commons.updated_count + lords.created_count + lords.updated_count == 0
    assert counts == (
        Person.objects.count(),
        Person.history.count(),
        ParliamentaryRole.objects.count(),
        Party.objects.count(),
        Legislature.objects.count(),
        MemberRecord.objects.count(),
    )
    assert roles == list(ParliamentaryRole.objects.order_by("pk").values())
    assert records == list(MemberRecord.objects.order_by("pk").values())


def test_a_change_of_party_closes_the_old_seat_dated_and_opens_a_new_one():
    import_both()
    old_role = role_of(5103)

    def defect(page):
        member = member_item(page, 5103)
        member["latestParty"] = {**member["latestParty"], "id": 1036, "name": "Reform UK", "abbreviation": "RUK"}

    later = datetime.date(2026, 11, 20)
    report = members_import(content=changed_copy("members-commons.json", defect), as_of=later)
    assert (report.updated_count, report.unchanged_count) == (1, 4)
    old_role.refresh_from_db()
    assert (old_role.party.name, old_role.is_current, old_role.ended_on) == (
        "Conservative",
        False,
        datetime.date(2026, 11, 19),
    )
    new_role = role_of(5103, is_current=True)
    assert (new_role.party.name, new_role.started_on, new_role.constituency) == (
        "Reform UK",
        later,
        "North Norfolk",
    )
    # Pages of a day before the change still show the party as it was.
    assert old_role.held_on(datetime.date(2025, 6, 1)) is True
    assert new_role.held_on(datetime.date(2025, 6, 1)) is None
    row = next(row for row in report.rows if row["outcome"] == "updated")
    assert "Reform UK" in row["message"] and "Conservative" in row["message"]


def test_a_member_who_leaves_later_has_the_seat_closed_on_the_day_given():
    import_both()

    def leave(page):
        membership = member_item(page, 5105)["latestHouseMembership"]
        membership.update(membershipEndDate="2026-10-02T00:00:00", membershipEndReason="Death", membershipStatus=None)

    members_import(content=changed_copy("members-commons.json", leave), as_of=DAY)
    role = role_of(5105)
    assert (role.is_current, role.ended_on, role.party.name) == (False, datetime.date(2026, 10, 2), "Labour")


def test_people_already_recorded_by_hand_are_matched_by_name_without_titles_or_accents():
    from tests.motions.factories import mp

    by_hand = mp("O Briain", given_name="Sian", honorific="", party="Labour")
    report = members_import(content=raw("members-commons.json"), as_of=DAY)
    assert Person.objects.filter(family_name__in=["O Briain", "Ó Briain"]).count() == 1
    by_hand.refresh_from_db()
    assert (by_hand.given_name, by_hand.family_name) == ("Siân", "Ó Briain")
    assert by_hand.parliament_record.parliament_id == 5101
    row = report.rows[0]
    assert row["outcome"] == "updated" and "matched by name" in row["message"]
    # Only one seat: the hand-made one is kept, not doubled.
    assert ParliamentaryRole.objects.filter(person=by_hand).count() == 1


def test_two_people_of_the_same_name_are_reported_not_guessed():
    from tests.motions.factories import mp

    mp("Hughes", given_name="Megan")
    mp("Hughes", given_name="Megan")
    report = members_import(content=raw("members-commons.json"), as_of=DAY)
    unmatched = [row for row in report.rows if row["outcome"] == "unmatched"]
    assert len(unmatched) == 1 and "Megan Hughes" in unmatched[0]["message"]
    assert report.unmatched_count == 1 and report.created_count == 4
    assert not MemberRecord.objects.filter(parliament_id=5103).exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "not JSON"),
        (b'{"Response": {"Id": 1}}', "Members API"),
        ("\ufeff[]".encode(), "Members API"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_a_file_that_is_not_a_members_file_writes_nothing_and_says_why(content, words):
    report = members_import(content=content, file_name="bad.json")
    assert not report.succeeded and words in report.problem
    assert Person.objects.count() == 0 and ParliamentaryRole.objects.count() == 0
    assert ParliamentImport.objects.get().problem == report.problem


def test_a_file_with_a_bad_row_writes_nothing_and_names_the_row():
    def spoil(page):
        page["items"][2]["value"]["latestHouseMembership"]["house"] = 3
        page["items"][3]["value"]["latestHouseMembership"]["membershipStartDate"] = "last Tuesday"

    report = members_import(content=changed_copy("members-commons.json", spoil))
    assert not report.succeeded
    assert [row["line"] for row in report.rows] == ["3", "4"]
    assert "neither 1 (Commons) nor 2 (Lords)" in report.rows[0]["message"]
    assert Person.objects.count() == 0


def test_several_pages_saved_as_one_list_are_read_as_one_file():
    from .helpers import as_bytes, data

    report = members_import(content=as_bytes([data("members-commons.json"), data("members-lords.json")]))
    assert report.created_count == 9
    assert report.rows[0]["line"] == "1.1" and report.rows[-1]["line"] == "2.4"


def synthetic_page(count):
    """A Members API page of `count` sitting MPs of two parties (as the search gives 20 at a time)."""
    from .helpers import data

    template = data("members-commons.json")["items"][0]
    items = []
    for number in range(count):
        item = copy.deepcopy(template)
        value = item["value"]
        value["id"] = 20000 + number
        value["nameListAs"] = f"Member{number}, Ms Alex"
        value["nameDisplayAs"] = value["nameFullTitle"] = f"Alex Member{number}"
        value["latestParty"]["name"] = "Labour" if number % 2 else "Conservative"
        value["latestHouseMembership"]["membershipFrom"] = f"Seat {number}"
        items.append(item)
    return {"items": items, "totalResults": count, "skip": 0, "take": count}


@pytest.mark.parametrize("count", [20, 400])
def test_an_import_takes_the_same_number_of_queries_whatever_the_number_of_members(
    count, django_assert_max_num_queries
):
    from .helpers import as_bytes

    members_import(content=as_bytes(synthetic_page(2)), as_of=DAY)  # the parties and the house exist
    with django_assert_max_num_queries(30):
        report = members_import(content=as_bytes(synthetic_page(count)), as_of=DAY)
    assert report.created_count == count - 2


def test_an_mp_made_a_peer_leaves_the_commons_the_day_before_taking_the_seat_in_the_lords():
    import_both()
    commons_seat = role_of(5101)

    def ennoble(page):
        from .helpers import data

        sian = copy.deepcopy(member_item(data("members-commons.json"), 5101))
        sian.update(
            nameListAs="Ó Briain of Bath, B.",
            nameDisplayAs="Baroness Ó Briain of Bath",
            nameFullTitle="The Baroness Ó Briain of Bath",
            nameAddressAs="Baroness Ó Briain of Bath",
        )
        sian["latestHouseMembership"].update(
            house=2, membershipFrom="Life peer", membershipStartDate="2026-09-15T00:00:00"
        )
        page["items"].append({"value": sian, "links": []})

    report = members_import(content=changed_copy("members-lords.json", ennoble), as_of=DAY)
    assert report.updated_count == 1
    commons_seat.refresh_from_db()
    assert (commons_seat.is_current, commons_seat.ended_on) == (False, datetime.date(2026, 9, 14))
    lords_seat = role_of(5101, is_current=True)
    assert (lords_seat.legislature.name, lords_seat.started_on) == ("House of Lords", datetime.date(2026, 9, 15))
    assert str(lords_seat.person) == "Baroness Ó Briain of Bath"
    assert Person.objects.filter(parliament_record__parliament_id=5101).count() == 1


def test_a_peer_recorded_by_hand_is_matched_by_rank_and_title():
    from people.models import Legislature

    lords = Legislature.objects.create(name="House of Lords", slug="lords", kind=Legislature.Kind.UPPER)
    peer = Person.objects.create(honorific="Baroness", family_name="Whitmore", territorial_designation="of Ely")
    ParliamentaryRole.objects.create(person=peer, legislature=lords)
    members_import(content=raw("members-lords.json"), as_of=DAY)
    assert MemberRecord.objects.get(parliament_id=6201).person == peer
    assert Person.objects.filter(family_name="Whitmore").count() == 1


def test_a_seat_recorded_without_its_party_gets_it_in_place():
    from tests.motions.factories import commons

    person = Person.objects.create(given_name="Megan", family_name="Hughes")
    role = ParliamentaryRole.objects.create(person=person, legislature=commons(), constituency="North Norfolk")
    members_import(content=raw("members-commons.json"), as_of=DAY)
    role.refresh_from_db()
    assert (role.party.name, role.is_current, role.started_on) == ("Conservative", True, datetime.date(2024, 7, 4))
    assert ParliamentaryRole.objects.filter(person=person).count() == 1
