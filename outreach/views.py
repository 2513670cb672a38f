from django.core import signing
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from people.models import Person
from people.services import person_record_consent

from .models import Mailing
from .tokens import read_unsubscribe_token

RESUBSCRIBE_WORDING = "Resubscribed on the unsubscribe page: “Keep me on the list”."


@csrf_exempt  # the signed token is the credential; RFC 8058 clients POST without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (a link scanner must not unsubscribe anyone); POST unsubscribes, whether from the
    page's button or a mail client's one-click request (body: List-Unsubscribe=One-Click)."""
    try:
        person_id, mailing_id = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return render(request, "outreach/unsubscribe_problem.html", {"problem": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "outreach/unsubscribe_problem.html", {"problem": "invalid"}, status=400)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return render(request, "outreach/unsubscribe_problem.html", {"problem": "invalid"}, status=400)
    mailing = Mailing.objects.filter(pk=mailing_id).first() if mailing_id else None
    if request.method == "GET":
        return render(request, "outreach/unsubscribe.html", {"person": person, "done": None})

    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    if request.POST.get("action") == "resubscribe":
        person_record_consent(
            person, status=Person.EmailConsent.SUBSCRIBED, source="Unsubscribe page", wording=RESUBSCRIBE_WORDING
        )
        return render(request, "outreach/unsubscribe.html", {"person": person, "done": "resubscribed"})
    how = "One-click unsubscribe from a mail client" if one_click else "Unsubscribe link"
    person_record_consent(
        person, status=Person.EmailConsent.UNSUBSCRIBED, source=f"{how}{f' in “{mailing}”' if mailing else ''}"
    )
    return render(request, "outreach/unsubscribe.html", {"person": person, "done": "unsubscribed"})
