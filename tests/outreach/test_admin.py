"""Staff planning outreach in the admin: who may do what, and what they see."""

import html

import pytest
from django.urls import reverse

from outreach.models import Mailing
from people.models import Person
from tests.mail import send_outbox

from .factories import make_mailing, make_supporters

pytestmark = pytest.mark.django_db


def action_url(mailing, action):
    return reverse("admin:outreach_mailing_action", args=[mailing.pk, action])


def test_outreach_staff_schedule_pause_resume_and_cancel(outreach_client):
    mailing = make_mailing()
    outreach_client.post(action_url(mailing, "schedule"))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED and mailing.send_at is not None
    outreach_client.post(action_url(mailing, "pause"))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PAUSED
    outreach_client.post(action_url(mailing, "resume"))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED  # it had not started yet
    outreach_client.post(action_url(mailing, "cancel"))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.CANCELLED


def test_a_refused_transition_is_explained_not_a_500(outreach_client):
    mailing = make_mailing()
    response = outreach_client.post(action_url(mailing, "resume"), follow=True)
    assert "Only a paused mailing can be resumed." in response.content.decode()


def test_actions_need_a_post(outreach_client):
    mailing = make_mailing()
    assert outreach_client.get(action_url(mailing, "schedule")).status_code == 405
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT


def test_editors_cannot_see_schedule_or_send_mailings(editor_client):
    mailing = make_mailing()
    assert editor_client.get(reverse("admin:outreach_mailing_changelist")).status_code == 403
    assert editor_client.post(action_url(mailing, "schedule")).status_code == 403
    assert editor_client.post(action_url(mailing, "test")).status_code == 403
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT


def test_the_mailing_page_shows_reach_progress_and_buttons(outreach_client):
    make_supporters(12)
    mailing = make_mailing()
    page = outreach_client.get(reverse("admin:outreach_mailing_change", args=[mailing.pk])).content.decode()
    assert "<strong>12</strong> recipients now" in page
    assert "Schedule for its send time" in page and "Send a test to me" in page and "Duplicate" in page
    progress = outreach_client.get(reverse("admin:outreach_mailing_progress", args=[mailing.pk])).json()
    assert progress["status"] == "draft" and progress["total"] == 0


def test_preview_renders_for_a_chosen_recipient(outreach_client):
    people = make_supporters(3)
    mailing = make_mailing()
    url = reverse("admin:outreach_mailing_preview", args=[mailing.pk])
    page = outreach_client.get(url, {"person": people[2].pk}).content.decode()
    assert "Dear Sam2 Supporter2," in page
    assert "List-Unsubscribe-Post" in page


def test_send_a_test_to_yourself(outreach_client, outreach_user, mailoutbox):
    outreach_user.email = "me@example.org"
    outreach_user.save()
    mailing = make_mailing()
    outreach_client.post(action_url(mailing, "test"))
    send_outbox()
    (message,) = mailoutbox
    assert message.to == ["me@example.org"] and message.subject.startswith("[TEST] ")
    assert mailing.deliveries.count() == 0  # tests are not part of the mailing's log


def test_duplicate_makes_a_draft_copy(outreach_client):
    mailing = make_mailing(status=Mailing.Status.SENT)
    response = outreach_client.post(action_url(mailing, "duplicate"))
    copy = Mailing.objects.exclude(pk=mailing.pk).get()
    assert response["Location"] == reverse("admin:outreach_mailing_change", args=[copy.pk])
    assert copy.status == Mailing.Status.DRAFT and copy.name == f"Copy of {mailing.name}"
    assert copy.body_text == mailing.body_text


def test_a_scheduled_mailing_can_no_longer_be_edited(outreach_client):
    mailing = make_mailing(status=Mailing.Status.SCHEDULED, send_at="2030-01-01T09:00Z")
    response = outreach_client.get(reverse("admin:outreach_mailing_change", args=[mailing.pk]))
    assert "subject" not in response.context["adminform"].form.fields


def test_a_recurring_mailing_saved_in_the_admin_gets_its_beat_schedule(outreach_client):
    import json

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from outreach.models import RecurringMailing

    template = make_mailing(name="Weekly digest")
    crontab = CrontabSchedule.objects.create(minute="0", hour="9", day_of_week="1")
    response = outreach_client.post(
        reverse("admin:outreach_recurringmailing_add"),
        {"name": "Monday digest", "template": template.pk, "crontab": crontab.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    recurring = RecurringMailing.objects.get()
    task = PeriodicTask.objects.get(pk=recurring.periodic_task_id)
    assert task.task == "outreach.tasks.occur_recurring_mailing"
    assert json.loads(task.args) == [recurring.pk] and task.crontab == crontab and task.enabled

    outreach_client.post(
        reverse("admin:outreach_recurringmailing_change", args=[recurring.pk]),
        {"name": "Monday digest", "template": template.pk, "crontab": crontab.pk},  # unticked: paused
    )
    task.refresh_from_db()
    assert not task.enabled


def test_the_audience_and_mailing_pages_show_who_reads_which_language_and_which_versions_are_written(
    outreach_client,
):
    make_supporters(3)
    readers = make_supporters(2, prefix="reader")
    Person.objects.filter(pk__in=[p.pk for p in readers]).update(language="fa")
    mailing = make_mailing()
    page = outreach_client.get(reverse("admin:outreach_audience_change", args=[mailing.audience_id])).content.decode()
    assert "<li>English: 3 recipients</li><li>Persian: 2 recipients</li>" in page

    url = reverse("admin:outreach_mailing_change", args=[mailing.pk])
    page = html.unescape(outreach_client.get(url).content.decode())
    assert "English: 3 recipients, who get this version (written)." in page
    assert "Persian: 2 recipients. This version is not written: they get the English original with a note." in page

    Mailing.objects.filter(pk=mailing.pk).update(subject_fa="خبر", body_text_fa="{{ salutation }}، سلام")
    page = html.unescape(outreach_client.get(url).content.decode())
    assert "Persian: 2 recipients, who get this version (written)." in page

    # In the Persian admin, the same in Persian.
    page = html.unescape(outreach_client.get(f"/fa{url}").content.decode())
    assert "فارسی: 2 گیرنده، که همین نسخه را دریافت می‌کنند (نوشته شده است)." in page
