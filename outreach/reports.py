"""What became of mailings: sent, failed, bounced and unsubscribed from each, and when it went out.

No tracking pixels and no rewritten links: the campaign does not watch who opens or clicks its
mail. These figures come from the mail server's answers and from unsubscribe links only.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.http import StreamingHttpResponse

from campaign.charts import daily_bars
from campaign.spreadsheets import BYTE_ORDER_MARK, neutralise
from outbox.models import OutgoingMail

from .models import MAILING_MAIL, Mailing, MailingUnsubscribe


@dataclass
class MailingOutcome:
    mailing: Mailing
    recipients: int = 0
    sent: int = 0
    failed: int = 0
    bounced: int = 0
    left_out: int = 0
    waiting: int = 0
    unsubscribed: int = 0

    def rate(self, part):
        return round(100 * part / self.sent, 1) if self.sent else None

    @property
    def unsubscribe_rate(self):
        return self.rate(self.unsubscribed)

    @property
    def failure_rate(self):
        return round(100 * self.failed / (self.sent + self.failed), 1) if self.sent + self.failed else None


def mailing_outcomes(mailings):
    """A MailingOutcome for each of `mailings`, in three queries whatever their number or size."""
    mailings = list(mailings)
    ids = [mailing.pk for mailing in mailings]
    outcomes = {mailing.pk: MailingOutcome(mailing=mailing) for mailing in mailings}
    rows = (
        OutgoingMail.objects.filter(kind=MAILING_MAIL, about_id__in=ids)
        .values("about_id", "status")
        .annotate(n=Count("id"), bounced=Count("id", filter=Q(bounced=True)))
        .order_by()
    )
    Status = OutgoingMail.Status
    for row in rows:
        outcome = outcomes[row["about_id"]]
        outcome.recipients += row["n"]
        if row["status"] == Status.SENT:
            outcome.sent += row["n"]
        elif row["status"] == Status.FAILED:
            outcome.failed += row["n"]
            outcome.bounced += row["bounced"]
        elif row["status"] == Status.CANCELLED:
            outcome.left_out += row["n"]
        else:
            outcome.waiting += row["n"]
    unsubscribes = MailingUnsubscribe.objects.filter(mailing_id__in=ids).values("mailing_id").annotate(n=Count("id"))
    for row in unsubscribes.order_by():
        outcomes[row["mailing_id"]].unsubscribed = row["n"]
    return [outcomes[mailing.pk] for mailing in mailings]


def sent_by_hour(mailing):
    """Bars of messages sent per hour since the mailing started (at most its first 72 hours)."""
    rows = (
        OutgoingMail.objects.filter(kind=MAILING_MAIL, about_id=mailing.pk, status=OutgoingMail.Status.SENT)
        .annotate(hour=TruncHour("sent_at"))
        .values("hour")
        .annotate(n=Count("id"))
        .order_by("hour")[:72]
    )
    return daily_bars([(f"{row['hour']:%d %b %H:00}", row["n"], row["n"]) for row in rows])


OUTCOME_COLUMNS = [
    "mailing",
    "sent_at",
    "recipients",
    "sent",
    "failed",
    "bounced",
    "left_out",
    "waiting",
    "unsubscribed",
]


def outcomes_csv_response(outcomes, filename):
    """The figures of each mailing as CSV: counts only, nothing that names a recipient."""

    class Echo:
        def write(self, value):
            return value

    def rows():
        writer = csv.writer(Echo())
        yield BYTE_ORDER_MARK + writer.writerow(OUTCOME_COLUMNS)
        for outcome in outcomes:
            started = outcome.mailing.started_at
            yield writer.writerow(
                [
                    neutralise(outcome.mailing.name),
                    started.isoformat() if started else "",
                    *(getattr(outcome, name) for name in OUTCOME_COLUMNS[2:]),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def outcomes_over_time(outcomes):
    """Per month: mailings started, messages sent, failed and unsubscribed, oldest first."""
    months = defaultdict(lambda: {"mailings": 0, "sent": 0, "failed": 0, "unsubscribed": 0})
    for outcome in outcomes:
        if not outcome.mailing.started_at:
            continue
        month = months[outcome.mailing.started_at.strftime("%Y-%m")]
        month["mailings"] += 1
        month["sent"] += outcome.sent
        month["failed"] += outcome.failed
        month["unsubscribed"] += outcome.unsubscribed
    return sorted(months.items())
