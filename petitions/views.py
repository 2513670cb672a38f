import time

from django.conf import settings
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import F, Max, Sum
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_POST

from campaign.links import absolute_url
from campaign.page_cache import shared_page
from campaign.preview_images import cached_preview_image, preview_image
from campaign.templatetags.languages import number
from events.models import Event
from recommendations.models import addressee_prefetches

from .forms import SignatureForm
from .limits import signing_is_limited
from .models import Petition, Signature, SignatureCount
from .services import signature_confirm, signature_submit
from .tokens import read_confirmation_token


def petition_page_queryset():
    return (
        Petition.objects.published()
        .with_signature_count()
        .select_related("addressed_to", "campaign")
        .prefetch_related(*addressee_prefetches("recommendations__"), "milestones")
    )


def events_of_petition(petition):
    """The published events where the recommendations behind the petition were made."""
    return Event.objects.published().filter(recommendations__petitions=petition).distinct().order_by("-starts_at")


def petition_page_context(petition, form=None):
    """What the petition page shows; an open petition gets an empty form unless one is given."""
    is_open = petition.is_open()
    if form is None and is_open:
        form = SignatureForm(petition=petition)
    elif form is not None:
        form.describe()  # a form shown again with its errors
    return {
        "petition": petition,
        "form": form,
        "is_open": is_open,
        "page_url": absolute_url(petition.get_absolute_url()),
        "preview_image_url": absolute_url(reverse("petitions:preview-image", args=[petition.slug])),
        "events": events_of_petition(petition),
    }


def render_petition(request, petition, form=None, status=200):
    return render(request, "petitions/detail.html", petition_page_context(petition, form), status=status)


# Stands in for the CSRF token in a cached page; each response gets its visitor's own token.
CSRF_PLACEHOLDER = "csrf-token-placeholder-7d41c2"


def petition_detail(request, slug):
    """Under a surge every visitor asks for the same page, so anonymous visitors share a copy
    rendered at most PETITION_PAGE_CACHE_SECONDS ago (campaign.page_cache: the count it shows is
    that old at most), with their own CSRF token put in."""

    def page():
        petition = get_object_or_404(petition_page_queryset(), slug=slug)
        context = {**petition_page_context(petition), "csrf_token": CSRF_PLACEHOLDER}
        return HttpResponse(render_to_string("petitions/detail.html", context, request=request))

    response = shared_page(request, "petition-page", settings.PETITION_PAGE_CACHE_SECONDS, page)
    response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response


# {slug: (petition, monotonic time it is kept until)}: see petition_for_signing.
SIGNING_PETITIONS = {}


def petition_for_signing(slug):
    """The published petition a signing POST is for: only its own row, read again when the process's
    copy is PETITION_PAGE_CACHE_SECONDS old, as the page the signer saw may be. Building the query
    took a sixth of a signing request's time under a surge. A deadline still closes a petition on
    the second (`is_open` reads the clock); one closed by staff stops taking signatures as soon as
    its page stops showing the form. Only petitions that exist are kept."""
    seconds = settings.PETITION_PAGE_CACHE_SECONDS
    kept = SIGNING_PETITIONS.get(slug) if seconds else None
    if kept is not None and kept[1] > time.monotonic():
        return kept[0]
    petition = get_object_or_404(Petition.objects.published(), slug=slug)
    if seconds:
        SIGNING_PETITIONS[slug] = (petition, time.monotonic() + seconds)
    return petition


@require_POST
def petition_sign(request, slug):
    # Every attempt counts against the limits, whatever comes of it.
    limited = signing_is_limited(request)
    # Only the petition's own row on the way in: the full page is built only to show errors.
    petition = petition_for_signing(slug)
    if not petition.is_open():
        return render_petition(request, petition_page_queryset().get(pk=petition.pk), status=409)
    if limited:
        return render(request, "petitions/rate_limited.html", {"petition": petition}, status=429)
    form = SignatureForm(request.POST, petition=petition)
    if not form.is_valid():
        return render_petition(request, petition_page_queryset().get(pk=petition.pk), form, status=400)
    if not form.is_bot:
        signature_submit(
            petition=petition,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            country=form.cleaned_data["country"],
            postcode=form.cleaned_data.get("postcode", ""),
            wants_email=form.cleaned_data["wants_email"],
            name_may_be_delivered=form.cleaned_data["name_may_be_delivered"],
            ip_address=request.META.get("REMOTE_ADDR"),
            language=request.LANGUAGE_CODE,
        )
    # The same page whether the address is new, pending, already confirmed, or a bot's. It shows the
    # address as typed, so that a typo is seen: kept for an hour in a cookie only that page receives.
    return redirect_showing_address(
        redirect("petitions:signed", slug=petition.slug), cookie=SIGNED_AS_COOKIE, address=form.cleaned_data["email"]
    )


def redirect_showing_address(response, *, cookie, address):
    """`response` (a redirect to a "check your email" page) carrying the address as typed in a signed
    cookie that only that page receives, for an hour; the page reads it back with `cookie` as salt."""
    response.set_signed_cookie(
        cookie,
        address,
        salt=cookie,
        max_age=3600,
        path=response.url,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


SIGNED_AS_COOKIE = "signed_as"


def petitions_closed(request):
    """Petitions no longer open, newest closed first, with their final counts and outcomes."""
    petitions = (
        Petition.objects.closed()
        .with_signature_count()
        .select_related("addressed_to")
        .order_by(F("closes_at").desc(nulls_last=True), "-opened_at", "-id")
    )
    page = Paginator(petitions, 20).get_page(request.GET.get("page"))
    return render(request, "petitions/closed.html", {"page_obj": page})


@never_cache  # it may show the address just typed: no shared or browser cache keeps it
def petition_signed(request, slug):
    petition = get_object_or_404(Petition.objects.published(), slug=slug)
    share_url = absolute_url(petition.get_absolute_url())
    signed_as = request.get_signed_cookie(SIGNED_AS_COOKIE, default="", salt=SIGNED_AS_COOKIE, max_age=3600)
    context = {
        "petition": petition,
        "share_url": share_url,
        "preview_image_url": absolute_url(reverse("petitions:preview-image", args=[petition.slug])),
        "signed_as": signed_as,
        "unconfirmed_days": settings.UNCONFIRMED_SIGNATURE_DAYS,
    }
    return render(request, "petitions/signed.html", context)


@require_http_methods(["GET", "POST"])
def signature_confirm_view(request, token):
    """GET shows a button; only the POST confirms, so a mail scanner opening the link confirms nothing."""
    try:
        public_id = read_confirmation_token(token)
    except signing.SignatureExpired:
        return render(request, "petitions/link_problem.html", {"problem": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "petitions/link_problem.html", {"problem": "invalid"}, status=400)
    signature = Signature.objects.select_related("petition").filter(public_id=public_id).first()
    if signature is None or signature.status in (Signature.Status.INVALIDATED, Signature.Status.FRAUDULENT):
        return render(request, "petitions/link_problem.html", {"problem": "invalid"}, status=400)
    if request.method == "POST":
        signature, _ = signature_confirm(signature.pk)
    if signature.status == Signature.Status.VALIDATED:
        petition = petition_page_queryset().get(pk=signature.petition_id)
        share_url = absolute_url(petition.get_absolute_url())
        return render(request, "petitions/confirmed.html", {"petition": petition, "share_url": share_url})
    return render(request, "petitions/confirm.html", {"signature": signature, "petition": signature.petition})


def public_counts_by_country(by_country):
    """{country: count} as the public may see it: countries with fewer than
    PUBLIC_COUNTRY_MIN_SIGNATURES signatures summed as "other", since one or two signers in a
    country are nearly a name. The order is kept, "other" last."""
    minimum = settings.PUBLIC_COUNTRY_MIN_SIGNATURES
    shown = {country: total for country, total in by_country.items() if total >= minimum}
    other = sum(total for total in by_country.values() if total < minimum)
    return {**shown, "other": other} if other else shown


@cache_control(public=True, max_age=5)
def petition_json(request, slug):
    petition = get_object_or_404(Petition.objects.published().select_related("addressed_to"), slug=slug)
    counts = SignatureCount.objects.filter(petition=petition)
    by_country = {
        row["country"]: row["total"]
        for row in counts.values("country").annotate(total=Sum("count")).order_by("-total", "country")
        if row["total"]
    }
    # To the minute: polled, an exact time would tell when each signer confirmed.
    updated_at = counts.aggregate(latest=Max("updated_at"))["latest"] or petition.opened_at or petition.created_at
    updated_at = updated_at.replace(second=0, microsecond=0)
    return JsonResponse(
        {
            "slug": petition.slug,
            "title": petition.title,
            "url": absolute_url(petition.get_absolute_url()),
            "addressed_to": petition.addressed_to.name,
            "status": "open" if petition.is_open() else "closed",
            "signature_count": sum(by_country.values()),
            "signature_goal": petition.signature_goal,
            "signatures_by_country": public_counts_by_country(by_country),
            "closes_at": petition.closes_at.isoformat() if petition.closes_at else None,
            "updated_at": updated_at.isoformat(),
        },
        json_dumps_params={"ensure_ascii": False},
        # Public figures: widgets on other sites may read them from the browser.
        headers={"Access-Control-Allow-Origin": "*"},
    )


@cache_control(public=True, max_age=600)
def petition_preview_image(request, slug):
    """The petition's link-preview card (og:image), in the language of the address."""
    petition = get_object_or_404(
        Petition.objects.published().with_signature_count().select_related("campaign"), slug=slug
    )
    language = translation.get_language()

    def build():
        count = petition.signature_count
        figures = ngettext(
            "%(count)s signature of a %(goal)s goal", "%(count)s signatures of a %(goal)s goal", count
        ) % {"count": number(count), "goal": number(petition.signature_goal)}
        return preview_image(
            eyebrow=petition.campaign.name,
            title=petition.title,
            figures=figures,
            footer=gettext("Sign the petition") + "  ·  " + settings.SITE_URL.split("://", 1)[-1],
            progress=petition.progress_percent,
            right_to_left=translation.get_language_bidi(),
        )

    png = cached_preview_image(("petition", petition.pk, language, petition.title, petition.campaign.name), build)
    return HttpResponse(png, content_type="image/png")
