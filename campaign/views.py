from email.utils import parseaddr

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from events.models import Event
from letters.models import LetterCampaign
from petitions.models import Petition
from recommendations.models import Recommendation, addressee_prefetches

from .models import Campaign, Organisation
from .page_cache import shared_page


def home(request):
    """Anonymous visitors share a copy rendered at most PETITION_PAGE_CACHE_SECONDS ago, as the
    petition page (campaign.page_cache): at a million signatures and a full Parliament's backers it
    took 100 ms to render on a 2-core machine, and a surge's visitors come through it."""
    return shared_page(request, "home-page", settings.PETITION_PAGE_CACHE_SECONDS, lambda: render_home(request))


def render_home(request):
    now = timezone.now()
    events = Event.objects.published().select_related("organiser")
    context = {
        "campaigns": Campaign.objects.active().select_related("organisation"),
        "upcoming_events": events.filter(starts_at__gte=now).order_by("starts_at"),
        "past_events": events.filter(starts_at__lt=now),
        "petitions": Petition.objects.open(now).with_signature_count().select_related("addressed_to"),
        "recommendations": Recommendation.objects.prefetch_related(*addressee_prefetches()),
        "letter_campaigns": LetterCampaign.objects.open(now).order_by("closes_at", "id"),
    }
    return render(request, "campaign/home.html", context)


def privacy(request):
    """The privacy notice, its facts read from settings so that it says what this installation does."""
    runs_site = Organisation.objects.filter(runs_this_site=True).first()
    context = {
        "controller": settings.PRIVACY_CONTROLLER or (runs_site.name if runs_site else ""),
        "controller_address": settings.PRIVACY_CONTROLLER_ADDRESS,
        "contact_email": settings.PRIVACY_CONTACT_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "ico_registration": settings.PRIVACY_ICO_REGISTRATION,
        "unconfirmed_days": settings.UNCONFIRMED_SIGNATURE_DAYS,
        "closed_months": round(settings.CLOSED_PETITION_KEEP_DAYS / 30.4),
        "registration_keep_days": settings.REGISTRATION_KEEP_DAYS,
        "mail_keep_days": settings.MAIL_KEEP_DAYS,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "country_minimum": settings.PUBLIC_COUNTRY_MIN_SIGNATURES,
    }
    return render(request, "campaign/privacy.html", context)


def switch_language(request, code):
    """The language switcher's links: remember the choice and show the same page in that language.
    A plain link (no form, no script), so it works from cached pages and with JavaScript off."""
    if not translation.check_for_language(code) or code not in dict(settings.LANGUAGES):
        raise Http404("No such language")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = "/"
    response = HttpResponseRedirect(translate_url(next_url, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def csrf_failure(request, reason=""):
    """A form sent without its CSRF token (open too long, or cookies blocked): our page, in the site's
    look, saying what to do, with a link back to the page the form came from when it was one of ours.
    Django's reason is for the log, not the visitor."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    return render(request, "403_csrf.html", {"back_url": back}, status=403)
