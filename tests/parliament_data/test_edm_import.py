"""Early Day Motions and their signatures from files in the EDM API's format: the motion, its
sponsors and supporters with their dates, withdrawals, signers we do not know reported; the same
file twice changes nothing; a later file with a withdrawal updates."""

import datetime

import pytest

from motions.models import Motion, Signatory
from parliament_data.models import MotionRecord
from parliament_data.services import edm_signatures_import, members_import

from .helpers import a_campaign, changed_copy, raw, sponsor_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    members_import(content=raw("members-commons.json"), as_of=datetime.date(2026, 11, 1))


def signatory(motion, parliament_id):
    return Signatory.objects.get(motion=motion, person__parliament_record__parliament_id=parliament_id)


def test_a_motion_is_created_with_its_sponsors_supporters_and_dates(members):
    campaign = a_campaign()
    report = edm_signatures_import(content=raw("edm-63001.json"), campaign=campaign, session="2024–26")
    assert report.succeeded
    motion = Motion.objects.get()
    assert (motion.kind, motion.number, motion.house.name, motion.session) == (
        Motion.Kind.EARLY_DAY_MOTION,
        "812",
        "House of Commons",
        "2024–26",
    )
    assert motion.title == "Freedom of assembly for Iranian students"
    assert motion.text.startswith("That this House notes with concern")
    assert motion.tabled_on == datetime.date(2025, 2, 10)
    assert str(motion.primary_sponsor) == "Siân Ó Briain MP"
    assert motion.status == Motion.Status.DRAFT and motion.campaign == campaign
    assert motion.source_url == "https://edm.parliament.uk/early-day-motion/63001"
    assert MotionRecord.objects.get().parliament_id == 63001
    primary, second = signatory(motion, 5101), signatory(motion, 5102)
    assert (primary.is_sponsor, primary.order, second.is_sponsor, second.order) == (True, 1, True, 2)
    supporter = signatory(motion, 5105)
    assert (supporter.is_sponsor, supporter.signed_on, supporter.has_withdrawn) == (
        False,
        datetime.date(2025, 2, 11),
        False,
    )
    assert (report.created_count, report.unmatched_count) == (5, 1)


def test_a_withdrawn_signature_is_kept_with_the_day_it_was_withdrawn(members):
    edm_signatures_import(content=raw("edm-63001.json"), campaign=a_campaign())
    withdrawn = signatory(Motion.objects.get(), 5103)
    assert (withdrawn.has_withdrawn, withdrawn.withdrawn_on, withdrawn.signed_on) == (
        True,
        datetime.date(2025, 2, 20),
        datetime.date(2025, 2, 11),
    )
    assert [str(s.person) for s in Motion.objects.get().withdrawn_signatories()] == ["Megan Hughes MP"]


def test_a_signer_nobody_knows_is_reported_and_not_invented(members):
    report = edm_signatures_import(content=raw("edm-63001.json"), campaign=a_campaign())
    unmatched = [row for row in report.rows if row["outcome"] == "unmatched"]
    assert len(unmatched) == 1
    assert "Callum Drummond" in unmatched[0]["message"] and "5999" in unmatched[0]["message"]
    assert Signatory.objects.count() == 4


def test_importing_the_same_file_again_changes_nothing(members):
    campaign = a_campaign()
    edm_signatures_import(content=raw("edm-63001.json"), campaign=campaign)
    before = (
        Motion.objects.count(),
        Motion.history.count(),
        Signatory.objects.count(),
        Signatory.history.count(),
        list(Signatory.objects.order_by("pk").values()),
    )
    report = edm_signatures_import(content=raw("edm-63001.json"), campaign=campaign)
    assert (report.created_count, report.updated_count, report.unchanged_count, report.unmatched_count) == (0, 0, 5, 1)
    assert before == (
        Motion.objects.count(),
        Motion.history.count(),
        Signatory.objects.count(),
        Signatory.history.count(),
        list(Signatory.objects.order_by("pk").values()),
    )


def test_a_later_file_with_a_withdrawal_and_a_new_title_updates_in_place(members):
    campaign = a_campaign()
    edm_signatures_import(content=raw("edm-63001.json"), campaign=campaign)

    def later(answer):
        answer["Response"]["Title"] = "Freedom of assembly for students in Iran"
        sponsor_item(answer, 5105).update(IsWithdrawn=True, WithdrawnDate="2025-03-04T08:00:00")

    report = edm_signatures_import(content=changed_copy("edm-63001.json", later), campaign=campaign)
    assert report.updated_count == 2
    motion = Motion.objects.get()
    assert motion.title == "Freedom of assembly for students in Iran"
    okafor = signatory(motion, 5105)
    assert (okafor.has_withdrawn, okafor.withdrawn_on) == (True, datetime.date(2025, 3, 4))
    assert Motion.history.filter(id=motion.pk).count() == 2


def test_signers_are_matched_by_name_when_the_members_file_was_not_imported():
    from tests.motions.factories import mp

    patrick = mp("O’Connell", given_name="Patrick", honorific="Sir")
    edm_signatures_import(content=raw("edm-63001.json"), campaign=a_campaign())
    assert Signatory.objects.get().person == patrick


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not JSON"),
        (b'{"items": []}', "Early Day Motions API"),
        (b'{"Response": [{"Id": 1, "UIN": 2}], "StatusCode": 200}', "does not name who signed"),
    ],
)
def test_a_file_that_is_not_an_edm_answer_writes_nothing(members, content, words):
    report = edm_signatures_import(content=content, campaign=a_campaign())
    assert not report.succeeded and words in report.problem
    assert not Motion.objects.exists()


def test_a_bad_date_in_one_signature_writes_nothing(members):
    def spoil(answer):
        sponsor_item(answer, 5105)["CreatedWhen"] = "yesterday"

    report = edm_signatures_import(content=changed_copy("edm-63001.json", spoil), campaign=a_campaign())
    assert not report.succeeded and "yesterday" in report.rows[0]["message"]
    assert not Motion.objects.exists() and not Signatory.objects.exists()


def test_the_report_speaks_the_importers_language_and_the_motion_keeps_the_default_one(members):
    from django.utils import translation

    with translation.override("fa"):
        report = edm_signatures_import(content=raw("edm-63001.json"), campaign=a_campaign())
    assert "پیش‌نویس" in report.rows[0]["message"] and report.rows[0]["line"] == "EDM 812"
    motion = Motion.objects.get()
    assert motion.title_en_gb == "Freedom of assembly for Iranian students"
    assert not motion.title_fa


def test_a_motion_recorded_by_hand_is_found_by_number_session_and_day(members):
    from tests.motions.factories import motion as recorded_motion

    campaign = a_campaign()
    by_hand = recorded_motion(campaign, number="812", session="2024–26", tabled_on=datetime.date(2025, 2, 10))
    report = edm_signatures_import(content=raw("edm-63001.json"), campaign=campaign, session="2024–26")
    assert Motion.objects.get() == by_hand
    assert report.rows[0]["outcome"] == "updated"
    assert MotionRecord.objects.get().motion == by_hand
    by_hand.refresh_from_db()
    assert by_hand.status == Motion.Status.PUBLISHED  # staff's choice stays


def test_the_same_number_from_another_session_is_reported_not_overwritten(members):
    from tests.motions.factories import motion as recorded_motion

    campaign = a_campaign()
    other = recorded_motion(campaign, number="812", session="", tabled_on=datetime.date(2021, 5, 4))
    report = edm_signatures_import(content=raw("edm-63001.json"), campaign=campaign)
    assert report.rows[0]["outcome"] == "unmatched" and "2021-05-04" in report.rows[0]["message"]
    other.refresh_from_db()
    assert other.title == "Iran’s 1988 massacre of political prisoners"
    assert not Signatory.objects.exists() and Motion.objects.count() == 1
