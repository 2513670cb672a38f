"""The public cross-party pages: who in Parliament backs an ask, or has signed a motion, counted by
party and by house. Public acts only: stances and contact notes live in `lobbying`, staff-only."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
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


def ask_backers(request, slug):
    recommendation = get_object_or_404(ask_page_queryset(), slug=slug)
    context = {
        "recommendation": recommendation,
        "motions": recommendation.published_motions,
        "page_url": absolute_url(reverse("backing:ask", args=[recommendation.slug])),
        **backing_context(backers_of_ask(recommendation)),
    }
    return render(request, "backing/ask.html", context)


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
