"""`{% load backing %}{% asks_with_backing recommendations as asks %}`: the asks, each with the
headline of who backs it (`backing_headline`), for a page that lists asks (three queries, whatever
their number)."""

from django import template

from ..services import asks_with_headlines

register = template.Library()


@register.simple_tag
def asks_with_backing(recommendations):
    return asks_with_headlines(recommendations)
