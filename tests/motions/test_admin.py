"""Staff record a motion in one go through the admin's own form: its words in both languages,
where and when it was tabled, who tabled and signed it and when, who withdrew, and the total."""

import datetime

import pytest
from django.urls import reverse

from motions.models import Motion, Signatory

from .factories import commons, mp

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:motions_motion_add")


def add_form(demo_event, sponsor, signers, **overrides):
    data = {
        "campaign": demo_event.campaign.pk,
        "kind": Motion.Kind.EARLY_DAY_MOTION,
        "title_en_gb": "Iran’s 1988 massacre of political prisoners",
        "title_fa": "کشتار ۱۳۶۷ زندانیان سیاسی در ایران",
        "slug": "edm-1189",
        "status": Motion.Status.PUBLISHED,
        "number": "1189",
        "house": commons().pk,
        "session": "2019–21",
        "tabled_on": "2020-11-23",
        "primary_sponsor": sponsor.pk,
        "text_en_gb": "That this House condemns the 1988 massacre.",
        "text_fa": "این مجلس کشتار ۱۳۶۷ را محکوم می‌کند.",
        "source_url": "https://edm.parliament.uk/early-day-motion/57633",
        "stated_total": "80",
        "stated_total_wording_en_gb": "~80 MPs",
        "stated_total_wording_fa": "حدود ۸۰ نماینده",
        "events": [demo_event.pk],
        "signatories-TOTAL_FORMS": str(len(signers)),
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "1000",
    }
    for i, (person, signed_on, withdrawn_on) in enumerate(signers):
        data.update(
            {
                f"signatories-{i}-order": str(i + 1),
                f"signatories-{i}-person": person.pk,
                f"signatories-{i}-signed_on": signed_on,
                f"signatories-{i}-has_withdrawn": "on" if withdrawn_on is not None else "",
                f"signatories-{i}-withdrawn_on": withdrawn_on or "",
            }
        )
    data.update(overrides)
    return data


def test_an_editor_records_a_motion_with_its_signatories_in_one_submission(editor_client, demo_event):
    sponsor, backer, leaver = mp("Sponsor"), mp("Backer"), mp("Leaver")
    signers = [(backer, "2020-11-25", None), (leaver, "2020-11-25", "2020-12-02")]
    response = editor_client.post(ADD_URL, add_form(demo_event, sponsor, signers))
    assert response.status_code == 302, response.context and response.context["errors"]
    motion = Motion.objects.get(slug="edm-1189")
    assert motion.title_fa == "کشتار ۱۳۶۷ زندانیان سیاسی در ایران"
    assert motion.stated_total == 80 and motion.stated_total_wording_en_gb == "~80 MPs"
    assert list(motion.events.all()) == [demo_event]
    rows = {s.person: s for s in motion.signatories.all()}
    # The primary sponsor is listed too, as a sponsor, signed on the day it was tabled.
    assert rows[sponsor].is_sponsor and rows[sponsor].signed_on == datetime.date(2020, 11, 23)
    assert rows[backer].signed_on == datetime.date(2020, 11, 25) and not rows[backer].has_withdrawn
    assert rows[leaver].has_withdrawn and rows[leaver].withdrawn_on == datetime.date(2020, 12, 2)


def test_a_withdrawal_before_signing_is_refused_with_a_reason(editor_client, demo_event):
    sponsor, leaver = mp("Sponsor"), mp("Leaver")
    response = editor_client.post(ADD_URL, add_form(demo_event, sponsor, [(leaver, "2020-11-25", "2020-11-20")]))
    assert response.status_code == 200
    assert "One cannot withdraw before signing." in response.content.decode()
    assert not Motion.objects.filter(slug="edm-1189").exists()


def test_a_withdrawal_date_needs_the_withdrawal_ticked(editor_client, demo_event):
    sponsor, leaver = mp("Sponsor"), mp("Leaver")
    data = add_form(demo_event, sponsor, [(leaver, "2020-11-25", "2020-12-01")])
    data["signatories-0-has_withdrawn"] = ""
    response = editor_client.post(ADD_URL, data)
    assert "A withdrawal date needs “withdrew” ticked." in response.content.decode()
    assert not Motion.objects.filter(slug="edm-1189").exists()


def test_the_same_number_twice_in_a_session_is_refused(editor_client, demo_event):
    sponsor = mp("Sponsor")
    assert editor_client.post(ADD_URL, add_form(demo_event, sponsor, [])).status_code == 302
    again = add_form(demo_event, sponsor, [], slug="edm-1189-again")
    response = editor_client.post(ADD_URL, again)
    assert "A motion with this number was already tabled in this house and session." in response.content.decode()
    # The next session numbers afresh.
    next_session = add_form(demo_event, sponsor, [], slug="edm-1189-next", session="2021–22")
    assert editor_client.post(ADD_URL, next_session).status_code == 302


def test_the_list_reads_as_staff_speak_and_finds_a_motion_by_a_signatory(editor_client, demo_event):
    sponsor, backer = mp("Sponsor"), mp("Backbencher")
    editor_client.post(ADD_URL, add_form(demo_event, sponsor, [(backer, "2020-11-25", None)]))
    page = editor_client.get(reverse("admin:motions_motion_changelist"), {"q": "Backbencher"}).content.decode()
    assert "Iran’s 1988 massacre of political prisoners" in page
    assert "EDM 1189" in page
    signatory = Signatory.objects.get(person=backer)
    change = editor_client.get(reverse("admin:motions_motion_change", args=[signatory.motion_id])).content.decode()
    assert "object (" not in change


def test_outreach_staff_read_motions_but_cannot_change_them(outreach_client, editor_client, demo_event):
    editor_client.post(ADD_URL, add_form(demo_event, mp("Sponsor"), []))
    motion = Motion.objects.get(slug="edm-1189")
    url = reverse("admin:motions_motion_change", args=[motion.pk])
    assert outreach_client.get(url).status_code == 200
    assert outreach_client.post(url, {"title_en_gb": "Changed"}).status_code == 403
    assert outreach_client.get(ADD_URL).status_code == 403


def test_staff_find_a_motion_as_it_is_cited(editor_client, demo_event):
    editor_client.post(ADD_URL, add_form(demo_event, mp("Sponsor"), []))
    changelist = reverse("admin:motions_motion_changelist")
    for typed in ("EDM 1189", "edm1189", "1189"):
        response = editor_client.get(changelist, {"q": typed})
        assert [motion.number for motion in response.context["cl"].result_list] == ["1189"], typed
    assert not editor_client.get(changelist, {"q": "EDM 1190"}).context["cl"].result_list
