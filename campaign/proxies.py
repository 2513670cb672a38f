"""The visitor's address behind trusted reverse proxies.

Behind nginx every request comes from nginx's address. Unless the app knows the client's, the
signing limit per address refuses everyone at once, a few wrong passwords lock every editor out,
and every signature records the proxy. The client's address is in X-Forwarded-For, but anyone can
send that header: only the entries that our own proxies appended can be believed.

So, only when TRUSTED_PROXY_COUNT or TRUSTED_PROXIES is set, this middleware walks the chain from
the right (REMOTE_ADDR, then X-Forwarded-For from its last entry back), passing over each hop it
trusts, and puts the first address it does not trust, the one the last trusted proxy saw, in
REMOTE_ADDR. A hop is trusted when it is one of the TRUSTED_PROXY_COUNT nearest, or when its
address is in TRUSTED_PROXIES (addresses or networks). An entry that is not an IP address ends the
walk where it is. Everything that reads the client's address (django-ratelimit's key="ip", axes
through AXES_CLIENT_IP_CALLABLE, the IP recorded with a signature) reads REMOTE_ADDR after this.

Why not django-ipware or django-xff: ipware returns an address without setting REMOTE_ADDR (so each
consumer would have to be told to ask it) and by default reads a dozen headers, left-most first,
which the client controls; the few lines here are the whole rule, and tested.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def trusted_networks(proxies):
    try:
        return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error


def parse_address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(remote_addr, forwarded_for, *, proxy_count=0, proxies=()):
    """The address the last trusted proxy saw, or `remote_addr` when nothing in front is trusted."""
    networks = trusted_networks(tuple(proxies))
    if not (proxy_count or networks):
        return remote_addr
    hops = [entry for entry in (forwarded_for or "").split(",") if entry.strip()]
    client = remote_addr
    address = parse_address(remote_addr or "")
    hop = 0
    while address is not None and (hop < proxy_count or any(address in network for network in networks)):
        if not hops:
            break
        candidate = parse_address(hops.pop())
        if candidate is None:
            break  # not an address: no proxy of ours wrote it
        address, client, hop = candidate, str(candidate), hop + 1
    return client


class TrustedProxyMiddleware:
    """First in MIDDLEWARE, so every later layer sees the client's address in REMOTE_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxy_count, proxies = settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES
        if proxy_count or proxies:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR"),
                request.META.get("HTTP_X_FORWARDED_FOR"),
                proxy_count=proxy_count,
                proxies=proxies,
            )
        return self.get_response(request)


def request_client_address(request):
    """For django-axes (AXES_CLIENT_IP_CALLABLE): the same address every other part of the app uses."""
    return request.META.get("REMOTE_ADDR")
