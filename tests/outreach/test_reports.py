"""Mailing reports: what became of each mailing, from the mail server's answers and unsubscribe
links only (no tracking), per mailing and over time, and as CSV."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach import services
from tests.mail import send_outbox

from .factories import make_mailing, make_supporters, schedule_now

pytestmark = pytest.mark.django_db


def send(mailing):
    services.mailing_start(schedule_now(mailing).pk)
    send_outbox()


def test_a_mailings_report_counts_sent_failed_bounced_and_unsubscribed(outreach_client, smtp_server, client):
    make_supporters(4)
    smtp_server.collector.refuse = {"supporter1@example.org": "550 5.1.1 No such user"}
    mailing = make_mailing(name="=Spring briefing")
    send(mailing)
    (message,) = smtp_server.collector.wait_for("supporter2@example.org")
    link = message["List-Unsubscribe"].strip("<>")
    client.post("/" + link.split("://", 1)[1].split("/", 1)[1], {"List-Unsubscribe": "One-Click"})
    page = outreach_client.get(reverse("admin:outreach_mailing_report", args=[mailing.pk]))
    outcome = page.context["outcome"]
    assert (outcome.recipients, outcome.sent, outcome.failed, outcome.bounced, outcome.unsubscribed) == (4, 3, 1, 1, 1)
    assert "No tracking pixels" in page.content.decode()
    csv = b"".join(outreach_client.get(reverse("admin:outreach_mailing_report", args=[mailing.pk]), {"format": "csv"}))
    text = csv.decode("utf-8")
    assert text.startswith("\ufeffmailing,")
    assert "'=Spring briefing" in text  # a name that looks like a formula stays text
    assert "@example.org" not in text  # counts only, no recipient


def test_the_reports_page_lists_mailings_and_months_in_a_fixed_number_of_queries(outreach_client, mailoutbox):
    make_supporters(3)
    send(make_mailing(name="First"))
    url = reverse("admin:outreach_mailing_reports")
    outreach_client.get(url)
    with CaptureQueriesContext(connection) as few:
        outreach_client.get(url)
    for name in ("Second", "Third", "Fourth"):
        send(make_mailing(name=name))
    with CaptureQueriesContext(connection) as more:
        page = outreach_client.get(url)
    assert len(more) == len(few)
    assert [o.mailing.name for o in page.context["outcomes"]] == ["Fourth", "Third", "Second", "First"]
    ((month, figures),) = page.context["months"]
    assert figures == {"mailings": 4, "sent": 12, "failed": 0, "unsubscribed": 0}


def test_editors_cannot_read_mailing_reports(editor_client):
    assert editor_client.get(reverse("admin:outreach_mailing_reports")).status_code == 403
