"""The supporter's path: postcode → their MP → the letter → "check your email" → confirm (by POST).

Views are thin: the lookups live in letters/recipients.py and constituencies.services, the rules in
letters/forms.py and letters/services.py."""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from constituencies.models import Constituency
from constituencies.services import postcodes_loaded
from petitions.views import redirect_showing_address

from .forms import ConstituencyChoiceForm, LetterForm, PostcodeForm
from .models import Letter, LetterCampaign
from .recipients import OFFICE_KEY, Recipient, chosen_recipients, recipient_for_key
from .services import Confirmation, letter_confirm, letter_submit
from .tokens import read_confirmation_token

WRITTEN_AS_COOKIE = "letter_written_as"


def campaign_or_404(slug):
    return get_object_or_404(LetterCampaign.objects.published().select_related("recommendation"), slug=slug)


def campaign_not_open(request, campaign):
    """The page for a campaign that is not taking letters (closed, or not open yet), or None when it is."""
    now = timezone.now()
    if campaign.is_open(now):
        return None
    not_yet = campaign.has_not_opened_yet(now)
    return render(
        request, "letters/not_open.html", {"campaign": campaign, "not_yet": not_yet}, status=200 if not_yet else 410
    )


def rate_limited(request, campaign):
    return render(request, "letters/rate_limited.html", {"campaign": campaign}, status=429)


@require_http_methods(["GET", "POST"])
@ratelimit(
    group="letters:postcode:ip",
    key="ip",
    rate=lambda g, r: settings.LETTER_POSTCODE_RATE_PER_IP,
    method="POST",
    block=False,
)
def campaign_start(request, slug):
    """The campaign's first page: for MPs, the postcode (or, without postcode data, the constituency by
    name); for chosen people, the list to pick from; for an office, straight on to the letter."""
    campaign = campaign_or_404(slug)
    if (closed := campaign_not_open(request, campaign)) is not None:
        return closed
    context = {"campaign": campaign}
    if campaign.recipients == LetterCampaign.Recipients.OFFICE:
        return redirect("letters:write", slug=campaign.slug, key=OFFICE_KEY)
    if campaign.recipients == LetterCampaign.Recipients.CHOSEN_PEOPLE:
        return render(request, "letters/choose_person.html", {**context, "recipients": chosen_recipients(campaign)})
    if not postcodes_loaded():
        form = ConstituencyChoiceForm(request.GET or None, constituencies=Constituency.objects.order_by("name"))
        if form.is_bound and form.is_valid():
            return redirect("letters:write", slug=campaign.slug, key=form.cleaned_data["constituency"].ons_code)
        return render(request, "letters/choose_constituency.html", {**context, "form": form, "by_name": True})
    if request.method == "GET":
        return render(request, "letters/start.html", {**context, "form": PostcodeForm()})
    if getattr(request, "limited", False):
        return rate_limited(request, campaign)
    form = PostcodeForm(request.POST)
    if not form.is_valid():
        return render(request, "letters/start.html", {**context, "form": form}, status=400)
    if form.is_bot:
        return render(request, "letters/start.html", {**context, "form": PostcodeForm()})
    if len(form.constituencies) == 1:
        return redirect("letters:write", slug=campaign.slug, key=form.constituencies[0].ons_code)
    # The postcode straddles a boundary: the writer knows which side they live on.
    return render(request, "letters/choose_constituency.html", {**context, "constituencies": form.constituencies})


def opening_of_letter(campaign, recipient):
    # Letters to UK MPs are written in English, whatever the page's language.
    dear = f"Dear {recipient.salutation or 'Sir or Madam'},"
    opening = campaign.suggested_opening or ""
    return f"{dear}\n\n{opening}\n\n" if opening else f"{dear}\n\n"


@require_http_methods(["GET", "POST"])
@ratelimit(
    group="letters:write:ip",
    key="ip",
    rate=lambda g, r: settings.LETTER_WRITING_RATE_PER_IP,
    method="POST",
    block=False,
)
def letter_write(request, slug, key):
    """ "Your MP is … (party)" and the letter to them; or why it cannot be sent from here (a vacant
    seat; no email address on record: then a letter to print and post)."""
    campaign = campaign_or_404(slug)
    if (closed := campaign_not_open(request, campaign)) is not None:
        return closed
    recipient = recipient_for_key(campaign, key)
    if recipient is None:
        raise Http404("No such recipient in this campaign.")
    context = {
        "campaign": campaign,
        "recipient": recipient,
        "page_is_in_english": translation.get_language().startswith("en"),
    }
    if recipient.problem == Recipient.VACANT:
        return render(request, "letters/vacant.html", context)
    for_print = recipient.problem == Recipient.NO_EMAIL
    initial = {"subject": campaign.suggested_subject, "body": opening_of_letter(campaign, recipient)}
    if request.method == "GET":
        form = LetterForm(campaign=campaign, recipient=recipient, for_print=for_print, initial=initial)
        return render(request, "letters/write.html", {**context, "form": form, "for_print": for_print})
    if getattr(request, "limited", False):
        return rate_limited(request, campaign)
    form = LetterForm(request.POST, campaign=campaign, recipient=recipient, for_print=for_print)
    if not form.is_valid():
        return render(request, "letters/write.html", {**context, "form": form, "for_print": for_print}, status=400)
    if for_print:
        # Nothing is stored or sent: the writer prints it and posts it themselves.
        # The letter is in English whatever the page's language: its date too.
        with translation.override("en-gb"):
            dated = dateformat.format(timezone.localdate(), "j F Y")
        return render(request, "letters/print.html", {**context, "letter": form.cleaned_data, "dated": dated})
    if not form.is_bot:
        letter_submit(
            campaign=campaign,
            recipient=recipient,
            writer_name=form.cleaned_data["writer_name"],
            writer_address=form.cleaned_data["writer_address"],
            writer_postcode=form.cleaned_data["writer_postcode"],
            writer_email=form.cleaned_data["writer_email"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            language=request.LANGUAGE_CODE,
        )
    # The same page whether the letter was recorded or not (a bot's, one too many), showing the address as
    # typed so that a typo is seen: kept for an hour in a cookie only that page receives.
    return redirect_showing_address(
        redirect("letters:written", slug=campaign.slug),
        cookie=WRITTEN_AS_COOKIE,
        address=form.cleaned_data["writer_email"],
    )


@never_cache  # it may show the address just typed: no shared or browser cache keeps it
def letter_written(request, slug):
    campaign = campaign_or_404(slug)
    written_as = request.get_signed_cookie(WRITTEN_AS_COOKIE, default="", salt=WRITTEN_AS_COOKIE, max_age=3600)
    context = {
        "campaign": campaign,
        "written_as": written_as,
        "valid_days": settings.LETTER_CONFIRMATION_MAX_AGE // 86400,
    }
    return render(request, "letters/written.html", context)


@require_http_methods(["GET", "POST"])
def letter_confirm_view(request, token):
    """GET shows a button; only the POST confirms, so a mail scanner opening the link sends nothing."""
    try:
        public_id = read_confirmation_token(token)
    except signing.SignatureExpired:
        return render(request, "letters/link_problem.html", {"problem": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "letters/link_problem.html", {"problem": "invalid"}, status=400)
    letter = Letter.objects.select_related("campaign", "recipient").filter(public_id=public_id).first()
    if letter is None or letter.status in (Letter.Status.REFUSED, Letter.Status.DRAFT):
        return render(request, "letters/link_problem.html", {"problem": "invalid"}, status=400)
    outcome = Confirmation.ALREADY_CONFIRMED if letter.status in Letter.WRITTEN else None
    if request.method == "POST" and outcome is None:
        letter, outcome = letter_confirm(letter_id=letter.pk)
    context = {"letter": letter, "campaign": letter.campaign, "recipient_name": letter.recipient_name}
    if outcome in (Confirmation.CONFIRMED, Confirmation.ALREADY_CONFIRMED):
        return render(request, "letters/confirmed.html", context)
    if outcome == Confirmation.ALREADY_WRITTEN:
        return render(request, "letters/already_written.html", context, status=409)
    if outcome == Confirmation.CLOSED or not letter.campaign.is_open():
        return render(request, "letters/not_open.html", {"campaign": letter.campaign, "not_yet": False}, status=410)
    if outcome == Confirmation.NO_ADDRESS:
        return render(request, "letters/no_address.html", context, status=409)
    if outcome == Confirmation.NOT_PENDING:
        return render(request, "letters/link_problem.html", {"problem": "invalid"}, status=400)
    return render(request, "letters/confirm.html", context)
