"""Benchmark 5: several nodes at once on this machine, and what survives a SIGKILL.

The deployment of the README's "Running at scale", every part a process of its own: PgBouncer in
transaction pooling in front of PostgreSQL, two gunicorn servers on two ports behind nginx, two
Celery workers and two beats (the beats' leader lock on PostgreSQL itself, through
BEAT_LOCK_DATABASE_URL), one Redis, and an SMTP sink that logs every message it receives.

1. A surge across both servers while a mailing sends: signers arrive at a fixed rate
   (bench/arrivals.py), every confirmation mail that reaches the sink is confirmed through its
   link, and a mailing to every supporter goes out at the same time. Every validated signature
   must be counted exactly once (the sum of the count shards = the validated rows = the
   confirmations done), every mail received exactly once.
2. The same again, and mid-run one web server, one worker and the leading beat are killed with
   SIGKILL. No request may fail but those the killed server held, nothing may be lost (every
   signature made is confirmed and counted, every mail received), and no mail may be received
   twice but those the killed worker was sending (one per sender process at most).
Then a superuser downloads the signatures' CSV export through the balancer and PgBouncer.

The figures and every check are written to bench/results/several_nodes.json.
"""

import collections
import contextlib
import json
import subprocess
import time
import urllib.request
from urllib.parse import urlparse

from . import cluster, harness
from .openloop import failed, summary
from .outreach import make_supporters, new_mailing

PETITION = "independent-inquiry-1988-massacre"
WORKER_CONCURRENCY = 2


class Cluster:
    """The processes of the run, by name, started and stopped together."""

    def __init__(self, *, direct_env, smtp_port, web_workers, mail_rate):
        self.stack = contextlib.ExitStack()
        self.direct_url = direct_env["DATABASE_URL"]
        self.smtp_port, self.web_workers, self.mail_rate = smtp_port, web_workers, mail_rate
        self.web_ports = [harness.free_port(), harness.free_port()]
        self.balancer = cluster.LoadBalancer(self.web_ports)
        self.processes = {}

    def env(self, **extra):
        return harness.bench_env(
            DATABASE_URL=self.bouncer.url,
            DATABASE_POOLING="transaction",
            DATABASE_CONN_MAX_AGE=60,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.smtp_port,
            SITE_URL=self.balancer.url,
            TRUSTED_PROXY_COUNT=1,
            MAIL_TICK_SECONDS=1,
            OUTREACH_TICK_SECONDS=1,
            MAIL_LEASE_SECONDS=6,
            MAIL_RATE_PER_SECOND=self.mail_rate,
            BEAT_STANDBY_SECONDS=1,
            **extra,
        )

    def __enter__(self):
        self.bouncer = self.stack.enter_context(cluster.PgBouncer(self.direct_url))
        for name, port in zip("ab", self.web_ports, strict=True):
            self.processes[f"web-{name}"] = self.stack.enter_context(
                harness.gunicorn(self.env(), port, name=f"gunicorn-{name}", workers=self.web_workers)
            )
        self.stack.enter_context(self.balancer)
        for name in "ab":
            self.processes[f"worker-{name}"] = self.stack.enter_context(
                harness.celery_worker(self.env(), f"node-{name}", concurrency=WORKER_CONCURRENCY)
            )
        for name in "ab":
            # The leader lock on PostgreSQL itself; the application name says which beat holds it.
            separator = "&" if "?" in self.direct_url else "?"
            lock_url = f"{self.direct_url}{separator}application_name=beat-{name}"
            self.processes[f"beat-{name}"] = self.stack.enter_context(
                harness.celery_beat(self.env(BEAT_LOCK_DATABASE_URL=lock_url), name)
            )
        return self

    def __exit__(self, *exc):
        self.stack.close()


def leading_beat():
    """beat-a or beat-b: whichever holds the leader lock now (None while nobody does)."""
    from django.db import connection

    from campaign.beat import LEADER_LOCK_KEY

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT activity.application_name FROM pg_locks AS lock "
            "JOIN pg_stat_activity AS activity ON activity.pid = lock.pid "
            "WHERE lock.locktype = 'advisory' AND lock.objid = %s AND lock.granted "
            "AND lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [LEADER_LOCK_KEY & 0xFFFFFFFF],
        )
        names = [row[0] for row in cursor.fetchall()]
    if len(names) > 1:
        raise RuntimeError(f"two beats hold the leader lock: {names}")
    return names[0] if names else None


def mail_left():
    from outbox.models import OutgoingMail

    return OutgoingMail.objects.filter(status__in=OutgoingMail.UNFINISHED).count()


def sink_counts(log_file, start_line):
    """(recipient, subject) -> messages received, from line `start_line` of the sink's log."""
    lines = log_file.read_text(encoding="utf-8").split("\n")[start_line:-1]
    return collections.Counter(tuple(line.split("\t", 1)) for line in lines)


def requests_in_flight(requests, moment):
    return [r for r in requests if r[1] <= moment[1] and r[2] >= moment[0]]


def phase(cluster_, *, number, rate, duration, supporters, kill, links_file, sink_log):
    """One surge while a mailing sends; with `kill`, SIGKILL one of each process kind mid-run."""
    from django.utils import timezone

    from outreach import services
    from outreach.models import Mailing
    from petitions.models import Signature

    subject = f"Phase {number}: what the conference asked of the UK Government"
    mailing = new_mailing(f"Several nodes, phase {number}")
    Mailing.objects.filter(pk=mailing.pk).update(subject=subject)
    sink_start = len(sink_log.read_text(encoding="utf-8").split("\n")) - 1 if sink_log.exists() else 0
    output = harness.LOGS / f"arrivals-phase-{number}.json"
    command = [
        harness.PYTHON, "-m", "bench.arrivals", "--base", cluster_.balancer.url, "--rate", str(rate),
        "--duration", str(duration), "--petition", PETITION, "--links-file", str(links_file), "--output", str(output),
    ]  # fmt: skip
    services.mailing_schedule(mailing, send_at=timezone.now())  # the leading beat starts it within a tick
    surge_started = time.monotonic()
    generator = subprocess.Popen(command, cwd=harness.ROOT, env=harness.bench_env())
    killed = {}
    if kill:
        # Mid-run: a third of the surge gone, and the mailing sending.
        def status():
            return Mailing.objects.filter(pk=mailing.pk).values_list("status", flat=True).get()

        cluster.wait_until(lambda: status() == Mailing.Status.SENDING, timeout=120, message="the mailing did not start")
        time.sleep(max(0.0, surge_started + duration / 3 - time.monotonic()))
        leader = leading_beat()
        before = time.monotonic()
        for name in ("web-a", "worker-a", leader):
            cluster.kill(cluster_.processes[name])
        killed = {"processes": ["web-a", "worker-a", leader], "moment": (before, time.monotonic())}
        killed["mailing_was_sending"] = status() == Mailing.Status.SENDING
        killed["beat_takeover_s"] = round(cluster.wait_until(lambda: leading_beat() not in (None, leader), 60), 2)
        killed["new_leader"] = leading_beat()
    if generator.wait(timeout=duration + 600):
        raise RuntimeError("the load generator failed: see the output above")
    result = json.loads(output.read_text())
    cluster.wait_until(lambda: mail_left() == 0, timeout=600, message="mail still unsent")
    cluster.wait_until(
        lambda: Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.SENT, 60, message="mailing not SENT"
    )
    mailing.refresh_from_db()

    signatures = Signature.objects.filter(email__startswith=f"arrival-{result['run_id']}-")
    received = sink_counts(sink_log, sink_start)
    confirmation_mails = {key: n for key, n in received.items() if f"arrival-{result['run_id']}-" in key[0]}
    mailing_mails = {key: n for key, n in received.items() if key[1] == subject}
    errors = [r for r in result["requests"] if failed(r[3])]
    held = requests_in_flight(errors, killed["moment"]) if killed else []
    mailing_seconds = max(0.001, (mailing.finished_at - mailing.started_at).total_seconds())
    figures = {
        "phase": number,
        "offered_per_second": rate,
        "surge": summary(result),
        "errors": len(errors),
        "errors_by_kind": dict(collections.Counter(r[0] for r in errors)),
        "errors_not_held_by_the_killed_server": len(errors) - len(held),
        "signing_posts_accepted": result["signed"],
        "signing_posts_failed": sum(1 for r in errors if r[0] == "sign"),
        "signature_rows": signatures.count(),
        "validated_rows": signatures.filter(status=Signature.Status.VALIDATED).count(),
        "confirmations_done": result["confirmed"],
        "confirmations_given_up": result["confirm_failed"],
        "confirmation_mails_received": len(confirmation_mails),
        "confirmation_mails_received_twice": sum(n - 1 for n in confirmation_mails.values()),
        "mailing_recipients": supporters,
        "mailing_sent_per_second": round(supporters / mailing_seconds, 1),
        "mailing_mails_received": len(mailing_mails),
        "mailing_mails_received_twice": sum(n - 1 for n in mailing_mails.values()),
    }
    if killed:
        figures["killed"] = {
            **{k: v for k, v in killed.items() if k != "moment"},
            "requests_held_by_the_killed_server": len(held),
            "mails_in_flight_at_most": WORKER_CONCURRENCY,
        }
    figures["checks"] = phase_checks(figures)
    return figures


def phase_checks(f):
    """What must hold after a phase, by name; all True when it went as it must."""
    killed = f.get("killed")
    mail_twice = f["confirmation_mails_received_twice"] + f["mailing_mails_received_twice"]
    return {
        "no errors but the killed server's": f["errors_not_held_by_the_killed_server"] == 0
        and (killed is not None or f["errors"] == 0),
        "every accepted signature kept": f["signature_rows"] >= f["signing_posts_accepted"]
        and f["signature_rows"] - f["signing_posts_accepted"] <= f["signing_posts_failed"],
        "every signature's mail received": f["confirmation_mails_received"] == f["signature_rows"],
        "every signature confirmed and validated once": f["validated_rows"]
        == f["confirmations_done"]
        == f["signature_rows"],
        "every mailing mail received": f["mailing_mails_received"] == f["mailing_recipients"],
        "no mail twice but what the killed worker was sending": mail_twice
        <= (killed["mails_in_flight_at_most"] if killed else 0),
    }


def count_checks():
    """The counts every page shows, against the rows they count."""
    from django.db.models import Sum

    from petitions.models import Petition, Signature, SignatureCount

    petition = Petition.objects.get(slug=PETITION)
    shards = SignatureCount.objects.filter(petition=petition).aggregate(total=Sum("count"))["total"] or 0
    validated = Signature.objects.filter(petition=petition, status=Signature.Status.VALIDATED).count()
    return {"count_shards_sum": shards, "validated_rows": validated, "equal": shards == validated}


def export_through_the_cluster(base):
    """A verified superuser downloads the petition's signatures as CSV through nginx and PgBouncer."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from petitions.models import Petition, Signature

    user = get_user_model().objects.create_superuser("nodes", "nodes@example.org", "nodes-password-123")
    device = TOTPDevice.objects.create(user=user, name="default")
    session = SessionStore()
    session.update(
        {"_auth_user_id": str(user.pk), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
         "_auth_user_hash": user.get_session_auth_hash(), DEVICE_ID_SESSION_KEY: device.persistent_id}
    )  # fmt: skip
    session.create()
    petition = Petition.objects.get(slug=PETITION)
    request = urllib.request.Request(  # noqa: S310 (our own loopback URL)
        f"{base}/admin/petitions/petition/{petition.pk}/signatures.csv",
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 (our own loopback URL)
        lines = response.read().decode("utf-8-sig").count("\n")
    rows = Signature.objects.filter(petition=petition).count()
    return {"rows": lines - 1, "signature_rows": rows, "seconds": round(time.perf_counter() - started, 2)}


def warm_up(base, web_workers):
    """Load every web process's code and connections before the measured run (pages only: a
    signature made now would be one no phase counts)."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(_):
        with urllib.request.urlopen(f"{base}/petitions/{PETITION}/", timeout=120) as response:  # noqa: S310
            response.read()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fetch, range(16 * web_workers)))


def run(*, rate=30, duration=30, supporters=5000, mail_rate=0, web_workers=None):
    smtp_port = harness.free_port()
    direct_env = harness.bench_env()
    harness.recreate_database(direct_env)
    harness.setup_django(direct_env)
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    make_supporters(supporters, in_ireland=0)
    links_file, sink_log = harness.LOGS / "nodes-links.txt", harness.LOGS / "nodes-mail.log"
    links_file.write_text("")
    sink_log.write_text("")
    web_workers = web_workers or harness.psutil.cpu_count() + 1
    phases = []
    with (
        harness.smtp_sink(smtp_port, links_file, sink_log),
        Cluster(direct_env=direct_env, smtp_port=smtp_port, web_workers=web_workers, mail_rate=mail_rate) as nodes,
    ):
        cluster.wait_until(lambda: leading_beat() is not None, timeout=60, message="no beat leads")
        warm_up(nodes.balancer.url, web_workers)
        for number, kill in ((1, False), (2, True)):
            phases.append(
                phase(nodes, number=number, rate=rate, duration=duration, supporters=supporters, kill=kill,
                      links_file=links_file, sink_log=sink_log)
            )  # fmt: skip
        export = export_through_the_cluster(nodes.balancer.url)
    counts = count_checks()
    checks = {
        **{f"phase {p['phase']}: {name}": ok for p in phases for name, ok in p["checks"].items()},
        "count shards = validated rows": counts["equal"],
        "export through PgBouncer has every row": export["rows"] == export["signature_rows"],
    }  # fmt: skip
    result = harness.write_result(
        "several_nodes",
        {
            "setup": {
                "web": f"2 gunicorn servers x {web_workers} workers x 4 threads behind nginx",
                "database": "PgBouncer, transaction pooling, 16 server connections, in front of PostgreSQL",
                "workers": f"2 Celery workers x {WORKER_CONCURRENCY} processes",
                "beats": "2 (leader lock on PostgreSQL itself)",
                "duration_s": duration,
                "database_host": urlparse(direct_env["DATABASE_URL"]).hostname,
            },
            "phases": phases,
            "counts": counts,
            "export": export,
            "checks": checks,
            "met": all(checks.values()),
        },
    )
    rows = []
    for p in phases:
        s = p["surge"]
        rows.append(
            [p["phase"], "kill web, worker, beat" if "killed" in p else "none", p["offered_per_second"],
             s["signed_per_second"], s["p50_ms"], s["p95_ms"], s["p99_ms"], p["errors"],
             p.get("killed", {}).get("requests_held_by_the_killed_server", ""), p["validated_rows"],
             p["mailing_sent_per_second"], p["confirmation_mails_received_twice"] + p["mailing_mails_received_twice"]]
        )  # fmt: skip
    harness.print_table(
        "5. Several nodes: 2 web servers behind nginx, PgBouncer (transaction pooling), 2 workers, 2 beats",
        ["phase", "killed", "offered /s", "signed /s", "p50 ms", "p95 ms", "p99 ms", "errors", "held by killed",
         "validated", "mailing /s", "mail twice"],
        rows,
    )  # fmt: skip
    if "killed" in phases[-1]:
        k = phases[-1]["killed"]
        print(
            f"Killed {', '.join(k['processes'])} mid-run; {k['new_leader']} led {k['beat_takeover_s']} s later. "
            f"Count shards {counts['count_shards_sum']} = validated rows {counts['validated_rows']}; "
            f"export through PgBouncer: {export['rows']} of {export['signature_rows']} rows."
        )
    failed_checks = [name for name, ok in checks.items() if not ok]
    print(
        f"Goal: every check holds -> met: {not failed_checks}"
        + (f" (failed: {failed_checks})" if failed_checks else "")
    )
    return result
