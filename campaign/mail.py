"""Mail helpers shared by every kind of mail the app sends."""

import time

from django.conf import settings
from django.core.cache import cache


def rate_limit_wait():
    """At most OUTREACH_RATE_PER_SECOND messages a second across all workers and all kinds of mail
    (0: no limit), counted in the shared cache, because Celery's own rate_limit counts per worker."""
    limit = settings.OUTREACH_RATE_PER_SECOND
    if not limit:
        return
    while True:
        second = int(time.time())
        key = f"mail:rate:{second}"
        cache.add(key, 0, timeout=5)
        try:
            if cache.incr(key) <= limit:
                return
        except ValueError:  # the key expired between add and incr
            continue
        time.sleep(max(0.0, second + 1 - time.time()))
