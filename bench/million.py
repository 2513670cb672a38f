"""Benchmark 3: the cost of pages, the admin and the export with a million confirmed signatures."""

import argparse
import json
import os
import subprocess
import time
import tracemalloc
import uuid
from datetime import timedelta

import psutil

from . import harness

GOALS_MS = {"public_p50": 50, "admin_p50": 1000}
PETITIONS = 20


def load_signatures(total):
    """`total` validated signatures spread over PETITIONS petitions, by COPY; then their counts."""
    from django.db import connection
    from django.utils import timezone

    from petitions.models import Petition, Signature, SignatureCount

    demo = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    petitions = [demo]
    for i in range(1, PETITIONS):
        copy = Petition.objects.get(pk=demo.pk)
        copy.pk, copy.slug, copy.title = None, f"bench-petition-{i}", f"Bench petition {i}"
        copy.save()
        petitions.append(copy)
    countries = ["GB"] * 7 + ["IE", "FR", "DE", "US", "CA", "LT", "NL", "SE", "AU"]
    now = timezone.now()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            f"COPY {Signature._meta.db_table} (petition_id, name, email, email_normalised, country, postcode, language, "
            "status, wants_email, name_may_be_delivered, consent_wording, created_at, confirmed_at, "
            "confirmation_mails_sent, public_id) "
            "FROM STDIN"
        ) as copy,
    ):
        for i in range(total):
            email = f"signer{i}@example.org"
            signed = (now - timedelta(seconds=total - i)).isoformat()  # one a second, the last just now
            petition_id = petitions[0].pk if i % 2 else petitions[i % PETITIONS].pk  # half on the demo petition
            copy.write_row(
                (petition_id, f"Signer {i}", email, email, countries[i % len(countries)], "", "en-gb", "validated", False, i % 10 == 0,
                 "", signed, signed, 1, uuid.uuid4())
            )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {SignatureCount._meta.db_table} (petition_id, country, shard, count, updated_at)
            SELECT petition_id, country, 0, count(*), now() FROM {Signature._meta.db_table}
            WHERE status = 'validated' GROUP BY petition_id, country"""  # noqa: S608
        )
        cursor.execute(f"ANALYZE {Signature._meta.db_table}")
    return demo


def timed(client, url, repeat, **params):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append(time.perf_counter() - started)
    return times


def export_cost(client, url):
    """Rows, seconds and memory of one CSV export. Python's own allocations (tracemalloc) miss
    what the database driver holds in C, such as a whole result read at once; the growth of the
    process's resident memory while the export streams does not."""
    process = psutil.Process()
    rss_before = rss_peak = process.memory_info().rss
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    rows = 0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        rss_peak = max(rss_peak, process.memory_info().rss)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows - 1,
        "seconds": round(seconds, 1),
        "peak_python_mib": round(peak / 2**20, 1),
        "rss_growth_mib": round((rss_peak - rss_before) / 2**20, 1),
    }


def verified_client(user):
    """A test client logged in as `user`, in a session that passed the second factor: superusers
    reach the admin only so (personal_data.two_factor)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default")
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def export_through_pgbouncer(env, petition_ids):
    """The exports of `petition_ids` by a process of their own whose database is PgBouncer in
    transaction pooling (DATABASE_POOLING=transaction), as several-node deployments run."""
    from .cluster import PgBouncer

    with PgBouncer(env["DATABASE_URL"]) as bouncer:
        pooled = {**env, "DATABASE_URL": bouncer.url, "DATABASE_POOLING": "transaction"}
        command = [harness.PYTHON, "-m", "bench.million", "--export", *map(str, petition_ids)]
        output = subprocess.run(command, cwd=harness.ROOT, env=pooled, check=True, capture_output=True, text=True)
    return json.loads(output.stdout)


def export_main(petition_ids):
    harness.setup_django(dict(os.environ))
    from django.contrib.auth import get_user_model

    staff = verified_client(get_user_model().objects.get(username="bench"))
    export_cost(
        staff, f"/admin/petitions/petition/{petition_ids[-1]}/signatures.csv"
    )  # a first request loads the admin
    print(json.dumps([export_cost(staff, f"/admin/petitions/petition/{pk}/signatures.csv") for pk in petition_ids]))


def run(*, total=1_000_000, repeat=20):
    env = harness.bench_env()
    harness.recreate_database(env)
    harness.setup_django(env)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("seed_demo", verbosity=0)
    started = time.perf_counter()
    petition = load_signatures(total)
    load_seconds = time.perf_counter() - started
    admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-123")
    public, staff = Client(), verified_client(admin)
    signatures = "/admin/petitions/signature/"
    pages = {
        "petition page": (public, petition.get_absolute_url(), {}),
        "home page": (public, "/", {}),
        "petition JSON": (public, f"/petitions/{petition.slug}.json", {}),
        "open API petitions": (public, "/api/v1/petitions/", {}),
        "admin dashboard (the admin's home)": (staff, "/admin/", {}),
        "admin petition page (its figures)": (staff, f"/admin/petitions/petition/{petition.pk}/change/", {}),
        "admin signatures list": (staff, signatures, {}),
        "admin signatures of one petition": (staff, signatures, {"petition__id__exact": petition.pk}),
        "admin search by address": (staff, signatures, {"q": f"signer{total // 2}@example.org"}),
    }
    measured = {}
    for name, (client, url, params) in pages.items():
        timed(client, url, 2, **params)  # warm caches and connections
        measured[name] = harness.summary_ms(timed(client, url, repeat, **params))
    export = export_cost(staff, f"/admin/petitions/petition/{petition.pk}/signatures.csv")
    # Memory is flat when a twentieth of the rows costs as much as all of them.
    other = type(petition).objects.get(slug="bench-petition-2")
    small_export = export_cost(staff, f"/admin/petitions/petition/{other.pk}/signatures.csv")
    pooled_export, pooled_small_export = export_through_pgbouncer(env, [petition.pk, other.pk])
    public_ok = all(
        measured[n]["p50_ms"] < GOALS_MS["public_p50"]
        for n in ["petition page", "home page", "petition JSON", "open API petitions"]
    )
    admin_ok = all(measured[n]["p50_ms"] < GOALS_MS["admin_p50"] for n in measured if n.startswith("admin"))
    result = harness.write_result(
        "million_signatures",
        {
            "signatures": total,
            "load_seconds": round(load_seconds, 1),
            "pages": measured,
            "export": export,
            "smaller_export": small_export,
            "export_through_pgbouncer": pooled_export,
            "smaller_export_through_pgbouncer": pooled_small_export,
            "goals": {**GOALS_MS, "public_met": public_ok, "admin_met": admin_ok},
        },
    )
    harness.print_table(
        f"3. A million signatures ({total:,} loaded in {load_seconds:.0f} s)",
        ["what", "p50 ms", "p95 ms", "goal"],
        [
            [
                name,
                m["p50_ms"],
                m["p95_ms"],
                f"< {GOALS_MS['admin_p50' if name.startswith('admin') else 'public_p50']} ms",
            ]
            for name, m in measured.items()
        ],
    )
    print(
        f"CSV export of {export['rows']:,} rows: {export['seconds']} s, peak Python memory "
        f"{export['peak_python_mib']} MiB (of {small_export['rows']:,} rows: {small_export['peak_python_mib']} MiB)"
        f" -> public met: {public_ok}, admin met: {admin_ok}"
    )
    print(
        f"The same through PgBouncer (transaction pooling): {pooled_export['seconds']} s; memory grew "
        f"{pooled_export['rss_growth_mib']} MiB for {pooled_export['rows']:,} rows and "
        f"{pooled_small_export['rss_growth_mib']} MiB for {pooled_small_export['rows']:,} (directly: "
        f"{export['rss_growth_mib']} and {small_export['rss_growth_mib']} MiB)"
    )
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--export", nargs="+", type=int, required=True, metavar="PETITION_ID")
    export_main(parser.parse_args().export)
