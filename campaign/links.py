"""Absolute addresses of the site's own pages, for canonical links, link previews, share buttons and
the JSON endpoint."""

from django.conf import settings


def absolute_url(path):
    """SITE_URL + path, never built from the request: the visitor chooses the Host header (any name
    ALLOWED_HOSTS lets through) and the query string, and a cached page would repeat them to everyone."""
    return settings.SITE_URL + path
