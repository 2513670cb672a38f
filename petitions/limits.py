"""How fast one IP address, and one (smaller) email domain, may sign: both counted in one round trip
to Redis (campaign/counters.py).

The counters are django-ratelimit's own, as its decorators kept them on this view: the same keys,
fixed windows and expiry (its helpers make them), so a limit counts on across a deployment that
runs both. Each signing attempt counts against both limits, refused or not, as it did.
"""

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import _SIMPLE_KEYS, EXPIRATION_FUDGE, _get_window, _make_cache_key, _split_rate

from campaign.counters import increment

from .email_addresses import LARGE_PROVIDERS, email_domain, registrable_domain


def rate_per_ip(group, request):
    return settings.SIGNING_RATE_PER_IP


def ip_key(group, request):
    return _SIMPLE_KEYS["ip"](request)  # REMOTE_ADDR, IPv6 addresses by their /64


def rate_per_email_domain(group, request):
    """No limit for the large providers most honest signers use (their own domain exactly, not names
    under it); a limit for every other domain."""
    domain = email_domain(request.POST.get("email", ""))
    return None if domain in LARGE_PROVIDERS else settings.SIGNING_RATE_PER_DOMAIN


def email_domain_key(group, request):
    # One counter per registered domain: a.dom.example and b.dom.example are one owner's.
    return registrable_domain(email_domain(request.POST.get("email", "")))


SIGNING_LIMITS = [
    ("petitions:sign:ip", ip_key, rate_per_ip),
    ("petitions:sign:domain", email_domain_key, rate_per_email_domain),
]


def signing_is_limited(request):
    """Count this signing attempt against each limit; True when any is over. Without Redis, signing
    goes on unlimited (RATELIMIT_FAIL_OPEN), as a signature is worth more than a limit."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    counters, limits = {}, []
    for group, key, rate_of in SIGNING_LIMITS:
        rate = rate_of(group, request)
        if rate is None:
            continue
        limit, period = _split_rate(rate)
        value = key(group, request)
        counters[_make_cache_key(group, _get_window(value, period), rate, value, ALL)] = period + EXPIRATION_FUDGE
        limits.append(limit)
    if not counters:
        return False
    counts = increment(counters)
    if counts is None:
        return not getattr(settings, "RATELIMIT_FAIL_OPEN", False)
    return any(count > limit for count, limit in zip(counts, limits, strict=True))
