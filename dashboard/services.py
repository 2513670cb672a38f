"""What the staff dashboard shows, each part in one query whatever the number of signatures or mail.

Counts by day come from the signatures of the last DASHBOARD_DAYS days (an index on the petition
and the signing time serves them); counts by country from the count shards; mailings from their
rows in the outbox, grouped once.
"""

import zoneinfo
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries as countries_names

from campaign.charts import daily_bars, share_bars
from events.models import Event
from outbox.kinds import KINDS
from outbox.models import OutgoingMail
from outreach.models import MAILING_MAIL, Mailing
from petitions.models import Petition, Signature, SignatureCount
from recommendations.models import Recommendation

TOP_COUNTRIES = 6


def local_today(now=None):
    return timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def petition_funnel(petition):
    """How far signers got: signed, confirmed (counted), waiting for confirmation, taken off."""
    counts = dict(Signature.objects.filter(petition=petition).values_list("status").annotate(n=Count("id")).order_by())
    Status = Signature.Status
    signed = sum(counts.values())
    confirmed = counts.get(Status.VALIDATED, 0)
    return {
        "signed": signed,
        "confirmed": confirmed,
        "pending": counts.get(Status.PENDING, 0),
        "taken_off": counts.get(Status.INVALIDATED, 0) + counts.get(Status.FRAUDULENT, 0),
        "confirmation_rate": round(100 * confirmed / signed) if signed else None,
    }


def petitions_activity(*, days=None, now=None, petitions=None):
    """For each open petition: signatures a day (signed, and how many of those are confirmed),
    the confirmation rate over the window, and its count by country."""
    days = days or settings.DASHBOARD_DAYS
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = local_today(now)
    first_day = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(first_day, time.min), zone)
    if petitions is None:
        petitions = Petition.objects.open(now)
    petitions = list(petitions.with_signature_count().order_by("-opened_at", "pk"))
    ids = [petition.pk for petition in petitions]
    per_day = defaultdict(dict)
    rows = (
        Signature.objects.filter(petition_id__in=ids, created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("petition_id", "day")
        .annotate(signed=Count("id"), confirmed=Count("id", filter=Q(status=Signature.Status.VALIDATED)))
        .order_by()
    )
    for row in rows:
        per_day[row["petition_id"]][row["day"]] = (row["signed"], row["confirmed"])
    by_country = defaultdict(list)
    shards = (
        SignatureCount.objects.filter(petition_id__in=ids)
        .values("petition_id", "country")
        .annotate(total=Sum("count"))
        .order_by("petition_id", "-total", "country")
    )
    for row in shards:
        if row["total"]:
            by_country[row["petition_id"]].append((row["country"], row["total"]))
    activity = []
    for petition in petitions:
        series = [
            (day, *per_day[petition.pk].get(day, (0, 0)))
            for day in (first_day + timedelta(days=offset) for offset in range(days))
        ]
        signed = sum(total for _, total, _ in series)
        confirmed = sum(part for _, _, part in series)
        countries = by_country[petition.pk]
        shown = countries[:TOP_COUNTRIES]
        others = sum(total for _, total in countries[TOP_COUNTRIES:])
        named = [(str(countries_names.name(code)) or code, total) for code, total in shown]
        country_bars = share_bars(named + ([(gettext("Other countries"), others)] if others else []))
        activity.append(
            {
                "petition": petition,
                "days": series,
                "bars": daily_bars([(day.isoformat(), total, part) for day, total, part in series]),
                "first_day": series[0][0],
                "last_day": series[-1][0],
                "signed": signed,
                "confirmed": confirmed,
                "confirmation_rate": round(100 * confirmed / signed) if signed else None,
                "countries": country_bars,
                "countries_height": len(country_bars) * 20,
            }
        )
    return activity


def mailings_ahead(*, now=None):
    """Mailings sending, paused or scheduled, soonest first, with their outbox counts."""
    mailings = list(
        Mailing.objects.filter(status__in=[Mailing.Status.SCHEDULED, Mailing.Status.SENDING, Mailing.Status.PAUSED])
        .select_related("audience")
        .order_by("send_at", "pk")[:20]
    )
    counts = defaultdict(dict)
    rows = (
        OutgoingMail.objects.filter(kind=MAILING_MAIL, about_id__in=[mailing.pk for mailing in mailings])
        .values("about_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["about_id"]][row["status"]] = row["n"]
    for mailing in mailings:
        mine = counts[mailing.pk]
        mailing.outbox_total = sum(mine.values())
        mailing.outbox_sent = mine.get(OutgoingMail.Status.SENT, 0)
        mailing.outbox_failed = mine.get(OutgoingMail.Status.FAILED, 0)
    return mailings


def mail_outcomes(*, days=7, now=None):
    """What became of the mail queued in the last `days` days, a row per kind of mail."""
    since = (now or timezone.now()) - timedelta(days=days)
    by_kind = defaultdict(lambda: defaultdict(int))
    rows = OutgoingMail.objects.filter(created_at__gte=since).values("kind", "status").annotate(n=Count("id"))
    for row in rows.order_by():
        by_kind[row["kind"]][row["status"]] = row["n"]
    Status = OutgoingMail.Status
    return [
        {
            "kind": getattr(KINDS.get(kind), "label", "") or kind,
            "sent": counts[Status.SENT],
            "waiting": sum(counts[status] for status in OutgoingMail.UNFINISHED),
            "failed": counts[Status.FAILED],
            "cancelled": counts[Status.CANCELLED],
        }
        for kind, counts in sorted(by_kind.items())
    ]


def asks_by_status():
    """[(status label, count)] in the order of the statuses, every status shown."""
    counts = dict(Recommendation.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [(label, counts.get(value, 0)) for value, label in Recommendation.Status.choices]


def dashboard_context(*, user, now=None):
    """The parts of the dashboard `user` may see (each needs the view permission of what it shows)."""
    now = now or timezone.now()
    context = {"dashboard_days": settings.DASHBOARD_DAYS, "dashboard": True}
    if user.has_perm("petitions.view_petition"):
        context["activity"] = petitions_activity(now=now)
    if user.has_perm("outreach.view_mailing"):
        context["mailings_ahead"] = mailings_ahead(now=now)
        context["mail_outcomes"] = mail_outcomes(now=now)
    if user.has_perm("events.view_event"):
        context["upcoming_events"] = list(
            Event.objects.filter(starts_at__gte=now).order_by("starts_at").select_related("organiser")[:5]
        )
    if user.has_perm("recommendations.view_recommendation"):
        context["asks_by_status"] = asks_by_status()
    return context
