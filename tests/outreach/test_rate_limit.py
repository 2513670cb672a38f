import collections
import time

import pytest
from django.core.cache import cache

from campaign.mail import rate_limit_wait

pytestmark = pytest.mark.django_db


def test_no_second_sends_more_than_the_limit_across_callers(settings):
    """The limit is counted in the shared cache (Redis), so every worker process draws on it."""
    settings.MAIL_RATE_PER_SECOND = 4
    seconds = collections.Counter()
    for _ in range(10):
        rate_limit_wait()
        seconds[int(time.time())] += 1
    assert sum(seconds.values()) == 10
    assert max(seconds.values()) <= 4
    assert len(seconds) >= 3  # ten messages at four a second need at least three seconds


def test_no_limit_means_nothing_is_counted(settings):
    settings.MAIL_RATE_PER_SECOND = 0
    for _ in range(5):
        rate_limit_wait()
    assert cache.get(f"mail:rate:{int(time.time())}") is None
