"""The public cross-party pages: who in Parliament backs an ask, or has signed a motion, counted by
party and by house. Public acts only: stances and contact notes live in `lobbying`, staff-only."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_bidi

from campaign.links import absolute_url

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
    same for every anonymous visitor: they get a copy at most BACKING_PAGE_CACHE_SECONDS old. The
    page has no form and nothing of the visitor; the key holds the language and the whole address
    (as petitions.views.petition_detail does), and a visitor with a session gets a fresh page."""

    def cached(request, slug):
        seconds = settings.BACKING_PAGE_CACHE_SECONDS
        if not seconds or "messages" in request.COOKIES or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, slug)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"backing-page:{translation.get_language()}:{address}"
        page = caches["pages"].get(key)
        if page is None:
            response = view(request, slug)
            if response.status_code != 200:
                return response
            page = response.content
            caches["pages"].set(key, page, seconds)
        return HttpResponse(page)

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
