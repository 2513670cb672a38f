"""The admin's home is the campaign's dashboard: how petitions and mail are doing, at a glance."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outreach import services as outreach
from petitions.services import signature_confirm, signature_submit
from tests.mail import send_outbox
from tests.outreach.factories import make_mailing, make_supporters, schedule_now
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def sign(petition, count, *, confirm_every=2, start=0):
    for i in range(start, start + count):
        signature_id = signature_submit(
            petition=petition, name=f"Signer {i}", email=f"s{i}@example.org", country=["GB", "IE", "FR"][i % 3]
        )
        if i % confirm_every == 0:
            signature_confirm(signature_id)


def test_staff_see_how_each_open_petition_is_doing(editor_client):
    petition = make_petition(title="Free the prisoners")
    sign(petition, 6)
    page = editor_client.get("/admin/").content.decode()
    assert "Free the prisoners" in page
    assert "6 signed, 3 confirmed in this period" in page
    assert "50% confirmed" in page
    assert page.count('class="confirmed"') == 30  # a bar a day for the last 30 days
    assert "United Kingdom" in page and "Ireland" in page and "France" in page


def test_outreach_staff_see_mail_going_out_and_what_became_of_it(outreach_client):
    make_supporters(3)
    scheduled = make_mailing(name="Conference report")
    outreach.mailing_schedule(scheduled, send_at=timezone.now() + timezone.timedelta(days=2))
    sent = schedule_now(make_mailing(name="Already out"))
    outreach.mailing_start(sent.pk)
    send_outbox()
    page = outreach_client.get("/admin/").content.decode()
    assert "Conference report" in page and "Scheduled" in page
    assert "Mailings</td><td>3</td>" in page.replace("\n", "")  # three sent in the last seven days


def test_the_dashboard_costs_the_same_queries_at_any_size(editor_client):
    first = make_petition(slug="first")
    sign(first, 5)
    editor_client.get("/admin/")  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        editor_client.get("/admin/")
    second = make_petition(slug="second")
    sign(first, 60, start=5)
    sign(second, 60, start=100)
    with CaptureQueriesContext(connection) as large:
        editor_client.get("/admin/")
    assert len(large) == len(small)


def test_technical_tables_are_grouped_apart_and_only_for_superusers(admin_client, editor_client):
    editor_page = editor_client.get("/admin/").content.decode()
    assert "Periodic tasks" not in editor_page and "Access attempts" not in editor_page
    page = admin_client.get("/admin/").content.decode()
    assert "System" in page and "Periodic tasks" in page
    assert page.index("Petitions") < page.index("Periodic tasks")  # the campaign first, the machinery last


def test_the_dashboard_reads_right_to_left_in_persian(editor_client):
    make_petition(title="Free the prisoners")
    page = editor_client.get("/fa/admin/").content.decode()
    assert 'dir="rtl"' in page and "Free the prisoners" in page
    assert "دادخواست‌های باز" in page
    assert "ایمیل‌های در راه" not in page  # editors do not see outreach


def test_a_petitions_admin_page_shows_its_count_funnel_chart_and_countries(editor_client):
    petition = make_petition(title="Free the prisoners")
    sign(petition, 6)
    page = editor_client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert "3 signatures counted" in page
    assert "Signed 6 → confirmed 3; 3 waiting for confirmation; 0 taken off." in page
    assert page.count('class="confirmed"') == 30 and "United Kingdom" in page
