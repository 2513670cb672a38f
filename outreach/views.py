"""Email preferences: unsubscribe in one click, and re-subscribe only from one's own inbox.

An unsubscribe link is often forwarded with the mail it came in. Whoever holds it may stop the
mail (that is what the link is for) but learns nothing from the page (the address is shown masked)
and cannot put the person back on the list: re-subscribing sends a link to the address itself.
"""

from django.core import signing
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from people.models import Person
from people.services import person_record_consent
from personal_data.masking import mask_email

from .models import Mailing, MailingUnsubscribe
from .services import person_resubscribe_request
from .tokens import read_resubscribe_token, read_unsubscribe_token

RESUBSCRIBE_WORDING = "Asked to be kept on the list, and confirmed it from a link sent to this address."


def link_problem(request, error, page="outreach/unsubscribe_problem.html"):
    expired = isinstance(error, signing.SignatureExpired)
    return render(request, page, {"problem": "expired" if expired else "invalid"}, status=410 if expired else 400)


def person_from_unsubscribe_token(token):
    public_id, mailing_id = read_unsubscribe_token(token)
    person = Person.objects.filter(public_id=public_id).first()
    if person is None:
        raise signing.BadSignature("No such person")
    return person, mailing_id


@csrf_exempt  # the signed token is the credential; RFC 8058 clients POST without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (a link scanner must not unsubscribe anyone); POST unsubscribes, whether from the
    page's button or a mail client's one-click request (body: List-Unsubscribe=One-Click)."""
    try:
        person, mailing_id = person_from_unsubscribe_token(token)
    except signing.BadSignature as error:
        return link_problem(request, error)
    context = {"masked_email": mask_email(person.email), "token": token, "done": None}
    if request.method == "GET":
        return render(request, "outreach/unsubscribe.html", context)
    mailing = Mailing.objects.filter(pk=mailing_id).first() if mailing_id else None
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    how = "One-click unsubscribe from a mail client" if one_click else "Unsubscribe link"
    changed = person_record_consent(
        person, status=Person.EmailConsent.UNSUBSCRIBED, source=f"{how}{f' in “{mailing}”' if mailing else ''}"
    )
    if changed and mailing:
        MailingUnsubscribe.objects.create(mailing=mailing)
    return render(request, "outreach/unsubscribe.html", {**context, "done": "unsubscribed"})


@require_POST  # with Django's CSRF check: only the page's own form can ask
def resubscribe_request(request, token):
    """Mail a link to the address itself; nothing changes until it is followed."""
    try:
        person, _ = person_from_unsubscribe_token(token)
    except signing.BadSignature as error:
        return link_problem(request, error)
    person_resubscribe_request(person)
    context = {"masked_email": mask_email(person.email), "token": token, "done": "resubscribe_sent"}
    return render(request, "outreach/unsubscribe.html", context)


@require_http_methods(["GET", "POST"])
def resubscribe_confirm(request, token):
    """The link mailed to the person: GET shows a button, the POST (CSRF-protected) re-subscribes."""
    try:
        person = Person.objects.filter(public_id=read_resubscribe_token(token)).first()
    except signing.BadSignature as error:
        return link_problem(request, error)
    if person is None or not person.email:
        return link_problem(request, signing.BadSignature("No such person"))
    context = {"masked_email": mask_email(person.email)}
    if request.method == "GET":
        return render(request, "outreach/resubscribe_confirm.html", context)
    person_record_consent(
        person, status=Person.EmailConsent.SUBSCRIBED, source="Re-subscribe link", wording=RESUBSCRIBE_WORDING
    )
    return render(request, "outreach/resubscribe_confirm.html", {**context, "done": True})
