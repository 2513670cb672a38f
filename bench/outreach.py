"""Benchmark 2: mails per second of a mailing sent by real workers, against a plain smtplib loop."""

import smtplib
import threading
import time
import uuid

from . import harness

GOAL_RATIO = 0.8


def make_supporters(count, *, in_ireland):
    """`count` subscribed supporters, written with COPY; the first `in_ireland` live in Ireland, so
    that a smaller audience can be drawn from the same table."""
    from django.db import connection

    from people.models import Person

    table = Person._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.copy(
            f"COPY {table} (given_name, family_name, email, email_consent, honorific, territorial_designation, "
            "post_nominals, salutation_title, description, bio, country, postcode, language, profile_is_public, "
            "created_at, updated_at, public_id) FROM STDIN"
        ) as copy,
    ):
        for i in range(count):
            copy.write_row(
                (f"Sam{i}", f"Supporter{i}", f"supporter{i}@example.org", "subscribed", "", "", "", "", "", "",
                 "IE" if i < in_ireland else "GB",
                 "", "en-gb", False, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", uuid.uuid4())
            )  # fmt: skip


def new_mailing(name, countries=()):
    from campaign.models import Campaign
    from events.models import Event
    from outreach.models import Audience, Mailing
    from petitions.models import Petition

    audience, _ = Audience.objects.get_or_create(name=f"Bench supporters {'+'.join(countries) or 'all'}")
    audience.countries = list(countries)
    audience.save()
    return Mailing.objects.create(
        campaign=Campaign.objects.get(),
        name=name,
        audience=audience,
        subject="What the conference asked of the UK Government",
        body_text="Dear {{ salutation }},\n\nRead the recommendations: {{ event_url }}\n"
        "Sign the petition: {{ petition_url }}\n\nUnsubscribe: {{ unsubscribe_url }}\n",
        event=Event.objects.first(),
        petition=Petition.objects.first(),
        from_name="British Committee for Iran Freedom",
        from_email="outreach@example.org",
    )


def send_through_workers(mailing, worker):
    """Schedule `mailing`, act as beat every second, return (seconds, peak MiB of the worker)."""
    from django.utils import timezone

    from outbox.tasks import tick as outbox_tick
    from outreach import services
    from outreach.models import Mailing
    from outreach.tasks import tick as outreach_tick

    def beat_tick():
        outreach_tick()
        outbox_tick()

    peak = [0.0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], harness.peak_rss(worker))
            time.sleep(0.25)

    # A daemon, stopped in any case: an error below must end the benchmark, not leave it waiting.
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        services.mailing_schedule(mailing, send_at=timezone.now())
        started = time.perf_counter()
        while Mailing.objects.values_list("status", flat=True).get(pk=mailing.pk) != Mailing.Status.SENT:
            beat_tick()
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        done.set()
        sampler.join()
    return seconds, peak[0]


def rendered_messages(mailing, count):
    from outreach.rendering import MailingRenderer
    from people.models import Person

    renderer = MailingRenderer(mailing)
    people = Person.objects.filter(email__startswith="supporter").order_by("pk")[:count]
    return [(p.email, renderer.message(p, p.email).message().as_bytes(linesep="\r\n")) for p in people]


def smtplib_ceiling(port, messages):
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for address, data in messages:
            smtp.sendmail("outreach@example.org", [address], data)
    return time.perf_counter() - started


def send_mail_baseline(mailing, count):
    from django.core.mail import send_mail

    messages = rendered_messages(mailing, count)
    started = time.perf_counter()
    for address, _ in messages:
        send_mail(mailing.subject, "Dear supporter", "outreach@example.org", [address])
    return time.perf_counter() - started


def run(*, recipients=20000, baseline=2000):
    smtp_port = harness.free_port()
    env = harness.bench_env(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_port,
        SITE_URL="http://127.0.0.1:8000",
        MAIL_BATCH_SIZE=200,
        MAIL_PARALLEL_SENDERS=2,
        DATABASE_CONN_MAX_AGE=60,
    )
    harness.recreate_database(env)
    harness.setup_django(env)
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    small = max(1, recipients // 10)
    make_supporters(recipients, in_ireland=small)
    with harness.smtp_sink(smtp_port), harness.celery_worker(env, "outreach", concurrency=2) as worker:
        # A first mailing to a tenth of them: the workers' memory must not grow with the recipients.
        small_seconds, small_peak = send_through_workers(new_mailing("Bench, small", countries=["IE"]), worker)

        mailing = new_mailing("Bench, full")
        seconds, peak = send_through_workers(mailing, worker)
        ceiling_messages = rendered_messages(mailing, min(recipients, 20000))
        ceiling_seconds = smtplib_ceiling(smtp_port, ceiling_messages)
        baseline_count = min(recipients, baseline)
        baseline_seconds = send_mail_baseline(mailing, baseline_count)

    ours = recipients / seconds
    ceiling = len(ceiling_messages) / ceiling_seconds
    base = baseline_count / baseline_seconds
    ratio = round(ours / ceiling, 2)
    result = harness.write_result(
        "outreach_throughput",
        {
            "recipients": recipients,
            "workers": "1 worker, 2 processes",
            "mailing": {"seconds": round(seconds, 1), "per_second": round(ours, 1), "peak_worker_mib": round(peak, 1)},
            "small_mailing": {
                "recipients": small,
                "seconds": round(small_seconds, 1),
                "peak_worker_mib": round(small_peak, 1),
            },
            "ceiling_smtplib_loop": {"messages": len(ceiling_messages), "per_second": round(ceiling, 1)},
            "baseline_send_mail_each": {"messages": baseline_count, "per_second": round(base, 1)},
            "goals": {"ratio_to_ceiling": ratio, "ratio_goal": GOAL_RATIO, "met": ratio >= GOAL_RATIO},
        },
    )
    harness.print_table(
        "2. Outreach throughput (mails/s through real workers to an SMTP sink)",
        ["what", "messages", "per s", "seconds", "ratio to ceiling", "peak worker MiB"],
        [
            ["ceiling: one smtplib loop", len(ceiling_messages), round(ceiling, 1), round(ceiling_seconds, 1), 1.0, ""],
            ["baseline: send_mail each", baseline_count, round(base, 1), round(baseline_seconds, 1), round(base / ceiling, 2), ""],
            ["our mailing (1/10 size)", small, round(small / small_seconds, 1), round(small_seconds, 1), "", round(small_peak, 1)],
            ["our mailing", recipients, round(ours, 1), round(seconds, 1), ratio, round(peak, 1)],
        ],
    )  # fmt: skip
    print(f"Goal: >= {GOAL_RATIO} of the ceiling, flat memory -> met: {ratio >= GOAL_RATIO}")
    return result
