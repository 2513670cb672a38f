"""A Redis cache that degrades instead of failing.

The cache holds rate-limit counters and wake-up flags, nothing that must survive. When Redis is
unreachable, a signer should still be able to sign (the database keeps the signature and its mail
is sent once Redis is back), so cache calls answer as a cache miss would, and say so in the log.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    def _degrade(self, operation, default):
        logger.warning("Redis cache unavailable during %s; carrying on without it", operation)
        return default

    def add(self, *args, **kwargs):
        try:
            return super().add(*args, **kwargs)
        except OUTAGE:
            return self._degrade("add", False)

    def get(self, *args, **kwargs):
        try:
            return super().get(*args, **kwargs)
        except OUTAGE:
            return self._degrade("get", kwargs.get("default", args[1] if len(args) > 1 else None))

    def set(self, *args, **kwargs):
        try:
            return super().set(*args, **kwargs)
        except OUTAGE:
            return self._degrade("set", None)

    def incr(self, *args, **kwargs):
        try:
            return super().incr(*args, **kwargs)
        except OUTAGE:
            return self._degrade("incr", None)

    def delete(self, *args, **kwargs):
        try:
            return super().delete(*args, **kwargs)
        except OUTAGE:
            return self._degrade("delete", False)
