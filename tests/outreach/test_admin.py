"""Staff planning outreach in the admin: who may do what, and what they see."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach.models import Mailing
from people.models import Person
from tests.mail import send_outbox

from .factories import make_mailing, make_supporters

pytestmark = pytest.mark.django_db


def action_url(mailing, action):
    return reverse("admin:outreach_mailing_action", args=[mailing.pk, action])


def confirm(client, mailing, action):
    """Open the action's confirmation page, then confirm with what it showed."""
    page = client.get(action_url(mailing, action))
    assert page.status_code == 200
    data = {}
    if page.context and page.context.get("reach"):
        data["confirm_recipients"] = page.context["reach"].recipients
    return client.post(action_url(mailing, action), data, follow=True)


def test_outreach_staff_schedule_pause_resume_and_cancel(outreach_client):
    mailing = make_mailing(send_at=timezone.now() + timezone.timedelta(days=1))
    confirm(outreach_client, mailing, "schedule")
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED
    outreach_client.post(action_url(mailing, "pause"))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PAUSED
    outreach_client.post(action_url(mailing, "resume"))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED  # it had not started yet
    confirm(outreach_client, mailing, "cancel")
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.CANCELLED


def test_a_draft_without_a_send_time_cannot_be_scheduled(outreach_client):
    make_supporters(3)
    mailing = make_mailing()
    page = outreach_client.get(reverse("admin:outreach_mailing_change", args=[mailing.pk])).content.decode()
    assert "Set a send time and save to schedule it." in page
    assert action_url(mailing, "schedule") not in page
    response = outreach_client.post(action_url(mailing, "schedule"), {"confirm_recipients": "3"}, follow=True)
    assert "Set a send time first, or use “Send now”." in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT and mailing.send_at is None


def test_the_confirmation_shows_who_is_reached_who_is_left_out_and_when(outreach_client):
    make_supporters(5)
    make_supporters(2, prefix="gone", consent=Person.EmailConsent.UNSUBSCRIBED)
    make_supporters(1, prefix="bounced", consent=Person.EmailConsent.BOUNCED)
    make_supporters(3, prefix="unasked", consent=Person.EmailConsent.UNKNOWN)
    Person.objects.create(family_name="Noaddress", email_consent=Person.EmailConsent.SUBSCRIBED)
    send_at = timezone.make_aware(datetime.datetime(2031, 3, 4, 9, 30), zoneinfo.ZoneInfo("Europe/London"))
    mailing = make_mailing(send_at=send_at)
    page = outreach_client.get(action_url(mailing, "schedule")).content.decode()
    assert "5 recipients now" in page
    assert "1 without an email address" in page
    assert "2 unsubscribed" in page and "1 whose address bounced" in page and "3 who never subscribed" in page
    assert "Tuesday 4 March 2031, 09:30" in page and "(Europe/London time)" in page
    assert "Schedule for 5 recipients" in page
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT  # showing the page changes nothing


def test_a_confirmation_made_stale_by_a_grown_audience_is_shown_again(outreach_client):
    make_supporters(2)
    mailing = make_mailing(send_at=timezone.now() + timezone.timedelta(hours=1))
    make_supporters(3, prefix="late")  # the audience grows after the page was shown (with 2)
    response = outreach_client.post(action_url(mailing, "schedule"), {"confirm_recipients": "2"})
    assert "it now reaches 5" in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT


def test_send_now_is_its_own_confirmed_action(outreach_client, mailoutbox):
    make_supporters(2)
    mailing = make_mailing()
    assert "Send now to 2 recipients" in outreach_client.get(action_url(mailing, "send_now")).content.decode()
    confirm(outreach_client, mailing, "send_now")
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING and mailing.deliveries.count() == 2


def test_cancelling_asks_first(outreach_client):
    mailing = make_mailing(status=Mailing.Status.SCHEDULED, send_at=timezone.now() + timezone.timedelta(days=1))
    page = outreach_client.get(action_url(mailing, "cancel")).content.decode()
    assert "This cannot be undone." in page
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED


def test_a_refused_transition_is_explained_not_a_500(outreach_client):
    mailing = make_mailing()
    response = outreach_client.post(action_url(mailing, "resume"), follow=True)
    assert "Only a paused mailing can be resumed." in response.content.decode()


def test_actions_without_a_confirmation_need_a_post(outreach_client):
    mailing = make_mailing(status=Mailing.Status.SCHEDULED, send_at=timezone.now() + timezone.timedelta(days=1))
    assert outreach_client.get(action_url(mailing, "pause")).status_code == 405
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED


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
    assert "12 recipients now" in page
    assert "Send now…" in page and "Send a test…" in page and "Duplicate" in page
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
    page = outreach_client.get(action_url(mailing, "test")).content.decode()
    assert 'value="me@example.org"' in page and "checked" in page  # one's own address, ticked
    outreach_client.post(action_url(mailing, "test"), {"addresses": ["me@example.org"], "render_as": "made_up"})
    send_outbox()
    (message,) = mailoutbox
    assert message.to == ["me@example.org"] and message.subject.startswith("[TEST] ")
    assert message.body.startswith("Dear Test Recipient,")
    assert mailing.deliveries.count() == 0  # tests are not part of the mailing's log


def test_a_test_goes_to_several_staff_rendered_as_a_chosen_recipient(outreach_client, outreach_user, mailoutbox):
    from django.contrib.auth.models import User

    outreach_user.email = "me@example.org"
    outreach_user.save()
    User.objects.create_user("colleague", "colleague@example.org", "x", is_staff=True)
    User.objects.create_user("outsider", "outsider@example.org", "x", is_staff=False)
    lord = Person.objects.create(
        honorific="Lord", given_name="Ken", family_name="Maginnis", email="lord@example.org", email_consent="subscribed"
    )
    mailing = make_mailing()
    page = outreach_client.get(action_url(mailing, "test")).content.decode()
    assert "outsider@example.org" not in page  # only staff accounts may receive tests
    data = {"addresses": ["me@example.org", "colleague@example.org"], "render_as": str(lord.pk)}
    outreach_client.post(action_url(mailing, "test"), data)
    send_outbox()
    assert sorted(m.to[0] for m in mailoutbox) == ["colleague@example.org", "me@example.org"]
    assert all(m.body.startswith("Dear Lord Maginnis,") for m in mailoutbox)
    refused = outreach_client.post(
        action_url(mailing, "test"), {"addresses": ["outsider@example.org"], "render_as": "made_up"}
    )
    assert refused.status_code == 200 and len(mailoutbox) == 2


def test_a_supporter_without_a_name_is_greeted_as_a_friend(outreach_client, outreach_user, mailoutbox):
    outreach_user.email = "me@example.org"
    outreach_user.save()
    mailing = make_mailing()
    outreach_client.post(action_url(mailing, "test"), {"addresses": ["me@example.org"], "render_as": "nameless"})
    send_outbox()
    assert mailoutbox[0].body.startswith("Dear friend,")


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

    from django_celery_beat.models import PeriodicTask

    from outreach.models import RecurringMailing

    template = make_mailing(name="Weekly digest")
    form = {"name": "Monday digest", "template": template.pk, "frequency": "weekly", "weekday": "1"}
    form.update({"day_of_month": "1", "time_of_day": "09:00", "is_active": "on"})
    response = outreach_client.post(reverse("admin:outreach_recurringmailing_add"), form)
    assert response.status_code == 302
    recurring = RecurringMailing.objects.get()
    assert recurring.describe_schedule() == "every Monday at 09:00"
    task = PeriodicTask.objects.get(pk=recurring.periodic_task_id)
    assert task.task == "outreach.tasks.occur_recurring_mailing"
    assert json.loads(task.args) == [recurring.pk] and task.enabled
    assert (task.crontab.hour, task.crontab.minute, task.crontab.day_of_week) == ("9", "0", "1")
    listing = outreach_client.get(reverse("admin:outreach_recurringmailing_changelist")).content.decode()
    assert "every Monday at 09:00" in listing

    del form["is_active"]  # unticked: paused
    form["frequency"], form["day_of_month"] = "monthly", "1"
    outreach_client.post(reverse("admin:outreach_recurringmailing_change", args=[recurring.pk]), form)
    task.refresh_from_db()
    assert not task.enabled
    assert (task.crontab.day_of_month, task.crontab.day_of_week) == ("1", "*")


def test_recurring_mailings_offer_no_raw_cron_and_no_system_schedules(outreach_client):
    page = outreach_client.get(reverse("admin:outreach_recurringmailing_add")).content.decode()
    assert 'name="crontab"' not in page and "petitions-purge-unconfirmed" not in page
    assert 'name="frequency"' in page and 'name="time_of_day"' in page
