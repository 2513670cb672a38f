"""Where a signing POST spends its time: the queries it makes, and cProfile over a few hundred.

    python -m bench.profile_signing [--posts 300] [--sort cumulative|tottime] [--top 40]

In process (Django's test client with CSRF checks on), against the benchmark's database (made
afresh with the demo data) and Redis, so every round trip is real. Under load each round trip
costs far more than here: read the counts of queries and of Redis calls as much as the times.
"""

import argparse
import cProfile
import pstats
import re
import time

from . import harness


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    env = harness.bench_env()
    harness.recreate_database(env)
    harness.setup_django(env)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from petitions.models import Petition

    call_command("seed_demo", verbosity=0)
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    client = Client(enforce_csrf_checks=True)
    page = client.get(petition.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    action = re.search(r'<form[^>]*action="([^"]+)"', page).group(1)

    def sign(n):
        form = {"csrfmiddlewaretoken": token, "name": f"Signer {n}", "email": f"signer{n}@example.org"}
        response = client.post(action, {**form, "country": "IE", "website": ""})
        assert response.status_code == 302, response.status_code

    for n in range(20):  # warm connections and caches
        sign(n)
    with CaptureQueriesContext(connection) as queries:
        sign(20)
    print(f"{len(queries.captured_queries)} queries:")
    for query in queries.captured_queries:
        print("   ", query["sql"][:120])
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for n in range(100, 100 + args.posts):
        sign(n)
    profile.disable()
    print(f"{(time.perf_counter() - started) / args.posts * 1000:.2f} ms a POST under the profiler")
    stats = pstats.Stats(profile)
    redis_calls = sum(
        calls
        for (path, _, name), (calls, *_rest) in stats.stats.items()
        if name == "execute_command" and "redis" in path
    )
    print(
        f"{stats.total_calls / args.posts:.0f} function calls and {redis_calls / args.posts:.1f} Redis commands a POST"
    )
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
