"""Settings for the benchmarks: the production settings, plus the two ceiling views, and rate
limits high enough that one load generator on 127.0.0.1 is not refused (the checks still run)."""

from campaign.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SIGNING_RATE_PER_IP = "100000000/m"
SIGNING_RATE_PER_DOMAIN = "100000000/m"
