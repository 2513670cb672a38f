"""The public side of registration: the form, "check your email", confirming by the mailed link,
and one's own registration (its status, the join link when its time has come, cancelling).

Registering is limited like signing (the same rates per IP address and per registered email
domain, kept in Redis) and answers with the same page whatever the address, so the form tells no
one who has registered. Links in mail name a registrant by a signed random id; opening one changes
nothing: only the button on its page (a POST) confirms or cancels, so mail scanners that follow
links do neither.
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from events.models import Event
from petitions.limits import email_domain_key, rate_per_email_domain

from .forms import RegistrationForm
from .models import EventRegistration, Registrant
from .services import registrant_cancel, registrant_confirm, registrant_submit, waiting_position
from .tokens import make_manage_token, read_confirmation_token, read_manage_token


def places_left(registration):
    """How many places are free now, or None when there is no limit."""
    if registration.capacity is None:
        return None
    taken = Registrant.objects.filter(event_id=registration.event_id).holding_places().count()
    return max(0, registration.capacity - taken)


def published_registration(slug):
    return get_object_or_404(
        EventRegistration.objects.select_related("event"), event__slug=slug, event__status=Event.Status.PUBLISHED
    )


def render_form(request, registration, form, status=200):
    context = {
        "registration": registration,
        "event": registration.event,
        "form": form,
        "places_left": places_left(registration),
    }
    return render(request, "registrations/register.html", context, status=status)


@require_http_methods(["GET", "POST"])
@ratelimit(
    group="registrations:register:ip",
    key="ip",
    rate=lambda group, request: settings.SIGNING_RATE_PER_IP,
    method="POST",
    block=False,
)
@ratelimit(
    group="registrations:register:domain",
    key=email_domain_key,
    rate=rate_per_email_domain,
    method="POST",
    block=False,
)
def register(request, slug):
    registration = published_registration(slug)
    if not registration.is_taking_registrations():
        status = 409 if request.method == "POST" else 200
        return render(request, "registrations/closed.html", {"event": registration.event}, status=status)
    if request.method == "GET":
        return render_form(request, registration, RegistrationForm(registration=registration))
    if getattr(request, "limited", False):
        return render(request, "registrations/rate_limited.html", {"event": registration.event}, status=429)
    form = RegistrationForm(request.POST, registration=registration)
    if not form.is_valid():
        return render_form(request, registration, form, status=400)
    if not form.is_bot:
        registrant_submit(
            event_registration=registration,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            organisation=form.cleaned_data.get("organisation", ""),
            name_on_id=form.cleaned_data.get("name_on_id", ""),
            accessibility_needs=form.cleaned_data.get("accessibility_needs", ""),
            wants_email=form.cleaned_data["wants_email"],
            language=translation.get_language(),
        )
    # The same page whether the address is new, pending, already confirmed, or a bot's.
    return redirect("registrations:registered", slug=slug)


def registered(request, slug):
    registration = published_registration(slug)
    return render(request, "registrations/registered.html", {"event": registration.event})


def link_problem(request, problem):
    status = 410 if problem == "expired" else 400
    return render(request, "registrations/link_problem.html", {"problem": problem}, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only the POST confirms. Then, or if it was confirmed already, the
    registrant's own page."""
    try:
        public_id = read_confirmation_token(token)
    except signing.SignatureExpired:
        return link_problem(request, "expired")
    except signing.BadSignature:
        return link_problem(request, "invalid")
    registrant = Registrant.objects.select_related("event").filter(public_id=public_id).first()
    if registrant is None or registrant.names_erased_at:
        return link_problem(request, "invalid")
    if registrant.status == Registrant.Status.PENDING:
        if timezone.now() >= registrant.event.starts_at:
            return render(request, "registrations/closed.html", {"event": registrant.event}, status=409)
        if request.method == "GET":
            return render(request, "registrations/confirm.html", {"registrant": registrant, "event": registrant.event})
        registrant, _ = registrant_confirm(registrant_id=registrant.pk)
    return redirect("registrations:manage", token=make_manage_token(registrant))


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """One's registration: its status, the join link once its time has come (to those holding a
    place only), and a button that cancels it."""
    try:
        public_id = read_manage_token(token)
    except signing.BadSignature:
        return link_problem(request, "invalid")
    registrant = Registrant.objects.select_related("event").filter(public_id=public_id).first()
    if registrant is None or registrant.names_erased_at:
        return link_problem(request, "invalid")
    registration = EventRegistration.objects.filter(event_id=registrant.event_id).first()
    now = timezone.now()
    event_is_over = registration is None or now >= registration.ends_at
    if request.method == "POST" and "cancel" in request.POST and not event_is_over:
        registrant_cancel(registrant_id=registrant.pk)
        registrant.refresh_from_db()
    show_join_link = (
        registration is not None
        and registrant.status == Registrant.Status.CONFIRMED
        and registration.meets_online
        and bool(registration.join_url)
        and registration.join_link_due_at <= now < registration.ends_at
    )
    context = {
        "registrant": registrant,
        "event": registrant.event,
        "registration": registration,
        "position": waiting_position(registrant),
        "show_join_link": show_join_link,
        "may_cancel": registrant.status != Registrant.Status.CANCELLED and not event_is_over,
        "has_started": now >= registrant.event.starts_at,
        "just_cancelled": request.method == "POST",
    }
    return render(request, "registrations/manage.html", context)
