"""The public cross-party pages: who in Parliament backs an ask, or has signed a motion, counted by
party and by house. Public acts only: stances and contact notes live in `lobbying`, staff-only."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language_bidi

from campaign.links import absolute_url
from campaign.page_cache import shared_page

from .chart import house_chart, party_chart
from .services import (
    ask_page_queryset,
    backers_of_ask,
    backers_of_motion,
    backers_page_queryset,
    counts_by_party_and_house,
    headline,
)


def backing_context(backers):
    counts = counts_by_party_and_house(backers)
    rtl = get_language_bidi()
    return {
        "backers": backers,
        "counts": counts,
        "headline": headline(backers),
        "party_chart": party_chart(counts, rtl=rtl),
        "house_chart": house_chart(counts, rtl=rtl),
    }


def cached_for_visitors(view):
    """A full Parliament's backers take a few hundred milliseconds to render, and the page is the
    same for every anonymous visitor (no form, nothing of the visitor): they share a copy at most
    BACKING_PAGE_CACHE_SECONDS old (campaign.page_cache), as the petition page does."""

    def cached(request, slug):
        return shared_page(request, "backing-page", settings.BACKING_PAGE_CACHE_SECONDS, lambda: view(request, slug))

    cached.__name__ = view.__name__
    cached.__doc__ = view.__doc__
    return cached


@cached_for_visitors
def ask_backers(request, slug):
    recommendation = get_object_or_404(ask_page_queryset(), slug=slug)
    context = {
        "recommendation": recommendation,
        "motions": recommendation.published_motions,
        "page_url": absolute_url(reverse("backing:ask", args=[recommendation.slug])),
        **backing_context(backers_of_ask(recommendation)),
    }
    return render(request, "backing/ask.html", context)


@cached_for_visitors
def motion_backers(request, slug):
    motion = get_object_or_404(backers_page_queryset(), slug=slug)
    backers = backers_of_motion(motion)
    context = {
        "motion": motion,
        # The campaign may state more backers than are named here ("~200 MPs and Peers").
        "stated_more": bool(motion.stated_total and motion.stated_total > len(backers)),
        "page_url": absolute_url(reverse("backing:motion", args=[motion.slug])),
        **backing_context(backers),
    }
    return render(request, "backing/motion.html", context)
