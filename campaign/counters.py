"""Counters and flags in the shared Redis, each call one round trip, through a client made once.

Signing a petition checks two rate limits, counts a mail to the signer's mailbox and wakes a mail
sender. Through Django's cache each of those was an `add` and then an `incr`: up to eight round
trips to Redis and a new Redis client for each, most of a signing request's time under a surge.
Here each step is one small Lua script (sent by its hash), run by a redis-py client made once per
thread with the thread's cache and kept with it.

The keys are the cache's own (prefix and version), the values the integers it stores, so the two
read each other's. Without Redis (REDIS_URL unset), the same calls go through the cache, as before.
When Redis is unreachable, counters and flags answer None: callers carry on without them,
as campaign/cache.py does for the cache.
"""

import logging

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from .cache import OUTAGE

logger = logging.getLogger(__name__)

# Add ARGV[1] to each key; a key made by this call expires after its own number of seconds
# (ARGV[i + 1]). A key is made when it did not exist (its value is then the amount added).
INCREMENT = """
local counts = {}
for i, key in ipairs(KEYS) do
    local made = redis.call('EXISTS', key) == 0
    counts[i] = redis.call('INCRBY', key, ARGV[1])
    if made then redis.call('EXPIRE', key, ARGV[i + 1]) end
end
return counts
"""

# Set the first of the keys that is not set, for ARGV[1] seconds; its position, or 0 if all were.
SET_FIRST_ABSENT = """
for i, key in ipairs(KEYS) do
    if redis.call('SET', key, 1, 'NX', 'EX', ARGV[1]) then return i end
end
return 0
"""


def script(source):
    """The registered script (sent by its hash, loaded once), or None when the cache is not Redis."""
    backend = caches["default"]  # each thread's own, made again when the CACHES setting changes
    if not isinstance(backend, RedisCache):
        return None
    scripts = backend.__dict__.setdefault("_counter_scripts", {})
    if source not in scripts:
        # Django's client for this cache, on its connection pool, kept with the cache from now on.
        scripts[source] = backend._cache.get_client(write=True).register_script(source)
    return scripts[source]


def increment(counters, by=1):
    """Add `by` to each counter of `counters` ({name: seconds it lasts once made}); their new values
    in the same order, or None when Redis is unreachable."""
    names = list(counters)
    keys = [cache.make_and_validate_key(name) for name in names]
    run = script(INCREMENT)
    if run is None:
        return [cache_increment(name, counters[name], by) for name in names]
    try:
        return [int(count) for count in run(keys=keys, args=[by, *(int(counters[name]) for name in names)])]
    except OUTAGE:
        logger.warning("Redis unavailable while counting %s; carrying on without it", ", ".join(names))
        return None


def cache_increment(name, seconds, by):
    cache.add(name, 0, timeout=seconds)
    try:
        return cache.incr(name, by)
    except ValueError:  # expired between the two calls
        return by


def set_first_absent(names, seconds):
    """Set the first flag of `names` not yet set, for `seconds`: its index, or None if all were set
    (or Redis is unreachable)."""
    run = script(SET_FIRST_ABSENT)
    if run is None:
        return next((index for index, name in enumerate(names) if cache.add(name, 1, timeout=seconds)), None)
    try:
        position = run(keys=[cache.make_and_validate_key(name) for name in names], args=[int(seconds)])
    except OUTAGE:
        logger.warning("Redis unavailable while setting %s; carrying on without it", ", ".join(names))
        return None
    return int(position) - 1 if position else None
