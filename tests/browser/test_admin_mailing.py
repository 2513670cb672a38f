"""Outreach staff drive a mailing and an audience from the admin in a real browser."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outbox.models import OutgoingMail
from outreach import services
from outreach.models import Mailing
from tests.outreach.factories import make_mailing, make_supporters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", "correct horse battery")
    page.get_by_role("button", name="Log in").click()


def test_schedule_after_confirming_the_counts_pause_and_duplicate(page, live_server, outreach_user):
    make_supporters(3)
    make_supporters(1, prefix="gone", consent="unsubscribed")
    mailing = make_mailing(send_at=timezone.now() + timezone.timedelta(days=1))
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/mailing/{mailing.pk}/change/")
    expect(page.get_by_text("3 recipients now")).to_be_visible()

    page.get_by_role("link", name="Schedule for its send time…").click()
    expect(page.get_by_text("1 unsubscribed")).to_be_visible()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT  # nothing happens before the confirmation
    page.get_by_role("button", name="Schedule for 3 recipients").click()
    expect(page.get_by_text("Scheduled: it goes out at its send time.")).to_be_visible()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("heading", name="Status: Paused")).to_be_visible()
    page.get_by_role("button", name="Duplicate").click()
    expect(page.get_by_text("Duplicated: this is the copy, a draft.")).to_be_visible()
    assert Mailing.objects.filter(name=f"Copy of {mailing.name}", status="draft").count() == 1


def test_a_draft_without_a_send_time_offers_no_schedule(page, live_server, outreach_user):
    mailing = make_mailing()
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/mailing/{mailing.pk}/change/")
    expect(page.get_by_text("Set a send time and save to schedule it.")).to_be_visible()
    expect(page.get_by_role("link", name="Schedule for its send time…")).to_have_count(0)


def test_a_paused_mailing_shows_its_true_numbers_as_mail_in_flight_lands(page, live_server, outreach_user):
    make_supporters(10)
    mailing = make_mailing()
    services.mailing_send_now(mailing)
    # Four messages were on their way when staff paused: the page follows them without a reload.
    in_flight = list(mailing.deliveries.order_by("pk").values_list("pk", flat=True)[:4])
    mailing.deliveries.filter(pk__in=in_flight).update(
        status="in_flight", claim_token="00000000-0000-0000-0000-000000000001", lease_expires_at=timezone.now()
    )
    services.mailing_pause(Mailing.objects.get(pk=mailing.pk))
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/mailing/{mailing.pk}/change/")
    progress = page.locator("#mailing-progress")
    expect(progress.locator('[data-field="in_flight"]')).to_have_text("4")
    OutgoingMail.objects.filter(pk__in=in_flight).update(status="sent", claim_token=None, lease_expires_at=None)
    expect(progress.locator('[data-field="sent"]')).to_have_text("4", timeout=10000)
    expect(progress.locator('[data-field="in_flight"]')).to_have_text("0")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()


def test_an_audiences_reach_follows_its_criteria_before_saving(page, live_server, outreach_user):
    make_supporters(4, country="GB")
    make_supporters(2, prefix="irish", country="IE")
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/audience/add/")
    expect(page.get_by_text("6 recipients now")).to_be_visible()
    expect(page.locator(".audience-kind-parliamentarians")).to_be_hidden()
    page.select_option("#id_countries", ["IE"])
    expect(page.get_by_text("2 recipients now")).to_be_visible()
    page.select_option("#id_kind", "parliamentarians")
    expect(page.locator(".audience-kind-parliamentarians")).to_be_visible()
    expect(page.locator(".audience-kind-supporters")).to_be_hidden()


def test_the_preview_shows_the_html_part(page, live_server, outreach_user):
    make_supporters(1)
    mailing = make_mailing()
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/mailing/{mailing.pk}/preview/")
    frame = page.frame_locator("iframe[title='HTML part']")
    expect(frame.get_by_text("Dear Sam0 Supporter0,")).to_be_visible()


def test_a_recurring_mailing_set_up_in_words_goes_out_on_time(page, live_server, outreach_user, mailoutbox):
    import datetime
    import zoneinfo

    from django_celery_beat.models import PeriodicTask

    from outreach.models import RecurringMailing
    from outreach.tasks import occur_recurring_mailing
    from outreach.tasks import tick as outreach_tick
    from tests.mail import send_outbox

    make_supporters(2)
    template = make_mailing(name="Weekly digest")
    log_in(page, live_server, "outreach")
    page.goto(f"{live_server.url}/admin/outreach/recurringmailing/add/")
    page.fill("#id_name", "Monday digest")
    page.locator(".field-template .select2-selection").click()  # an autocomplete, as staff use it
    page.locator(".select2-search__field").fill("Weekly")
    page.locator(".select2-results__option", has_text=template.name).click()
    page.select_option("#id_frequency", "weekly")
    page.select_option("#id_weekday", "1")
    page.fill("#id_time_of_day", "09:00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("every Monday at 09:00")).to_be_visible()

    # Time moved, not waited for: the beat entry is due on a Monday at 09:00 London time, not before.
    recurring = RecurringMailing.objects.get()
    schedule = PeriodicTask.objects.get(pk=recurring.periodic_task_id).crontab.schedule
    london = zoneinfo.ZoneInfo("Europe/London")
    monday_nine = datetime.datetime(2031, 3, 3, 9, 0, 5, tzinfo=london)
    schedule.nowfun = lambda: monday_nine
    assert schedule.is_due(last_run_at=monday_nine - datetime.timedelta(days=7)).is_due
    schedule.nowfun = lambda: monday_nine - datetime.timedelta(hours=1)
    assert not schedule.is_due(last_run_at=monday_nine - datetime.timedelta(days=7)).is_due
    # When it fires (beat runs the task), a copy is scheduled for then, started by the tick, and sent.
    occur_recurring_mailing(recurring.pk)
    outreach_tick()
    send_outbox()
    assert sorted(m.to[0] for m in mailoutbox) == ["supporter0@example.org", "supporter1@example.org"]
