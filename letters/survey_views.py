"""The page a writer reaches from "Did your MP reply?": yes (with what they said, if they like), no,
or not yet. The link alone gets them here; only a POST (with its CSRF token) records an answer, so
a mail scanner opening the link records nothing, and they may come back and change it."""

from django import forms
from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from people.data_rights import ERASED_NAME

from .followup import SURVEY_ANSWERS, survey_answer
from .followup_mail import recipient_label
from .models import Letter
from .survey_links import read_survey_token


class SurveyForm(forms.Form):
    reply = forms.ChoiceField(
        choices=[
            (Letter.Reply.YES, _("Yes, they replied")),
            (Letter.Reply.NO, _("No, and I do not expect a reply")),
            (Letter.Reply.NOT_YET, pgettext_lazy("did the MP reply", "Not yet")),
        ],
        widget=forms.RadioSelect,
        label=_("Did they reply?"),
        error_messages={"required": _("Choose one of the answers.")},
    )
    reply_text = forms.CharField(
        required=False,
        max_length=settings.LETTER_REPLY_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("What did they say? (optional)"),
        help_text=_(
            "Paste their reply or sum it up. Only the campaign's staff read it, to see where your MP stands; "
            "it is never published with your name."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("reply") in SURVEY_ANSWERS and data.get("reply") != Letter.Reply.YES:
            data["reply_text"] = ""
        return data


def link_problem(request, problem, status):
    return render(request, "letters/survey_problem.html", {"problem": problem}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(
    group="letters:survey:ip",
    key="ip",
    rate=lambda g, r: settings.LETTER_SURVEY_RATE_PER_IP,
    method="POST",
    block=False,
)
def letter_survey(request, token):
    try:
        public_id = read_survey_token(token)
    except signing.SignatureExpired:
        return link_problem(request, "expired", 410)
    except signing.BadSignature:
        return link_problem(request, "invalid", 400)
    letter = (
        Letter.objects.select_related("campaign", "recipient")
        .filter(public_id=public_id, status=Letter.Status.SENT)
        .exclude(writer_name=ERASED_NAME)
        .first()
    )
    if letter is None:
        return link_problem(request, "invalid", 400)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            return link_problem(request, "rate_limited", 429)
        form = SurveyForm(request.POST)
        if form.is_valid():
            survey_answer(
                letter_id=letter.pk, reply=form.cleaned_data["reply"], reply_text=form.cleaned_data["reply_text"]
            )
            # After the POST, a page of its own: reloading it sends nothing again.
            return redirect(request.path + "?saved=1")
        status = 400
    else:
        initial = {"reply": letter.reply_reported or None, "reply_text": letter.reply_text}
        form = SurveyForm(initial=initial)
    context = {
        "form": form,
        "letter": letter,
        "recipient_name": recipient_label(letter),
        "answered": letter.reply_reported != Letter.Reply.UNKNOWN,
        "saved": request.method == "GET" and request.GET.get("saved") == "1" and letter.reply_reported != "",
    }
    return render(request, "letters/survey.html", context, status=status)
