"""What staff do with letters once they are sent, in the admin: see letters and replies per MP and
per party for a campaign, review replies (one saying the MP backs the ask becomes a backing), and
thank writers. Mixed into the letter and campaign admins (letters/admin.py).

Letter text (subject, letter, the reply a writer reports) shows only to staff holding
`letters.view_letter_text`; everyone else sees that it is there and how long, never what it says,
and each reading of a letter's text by a holder is a row in the personal-data access log. Counts
and MPs' names are not personal data of writers and show to anyone who may view letters.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from personal_data.models import PersonalDataAccess
from personal_data.services import access_record

from . import followup
from .models import Letter, LetterCampaign

VIEW_LETTER_TEXT = "letters.view_letter_text"


def may_read_letter_text(user):
    return user.is_active and user.has_perm(VIEW_LETTER_TEXT)


class ReviewedFilter(admin.SimpleListFilter):
    title = gettext_lazy("reply reviewed")
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [("no", _("Reported, not yet reviewed")), ("yes", _("Reviewed"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.exclude(reply_reported=Letter.Reply.UNKNOWN).filter(reviewed_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


class LetterFollowupAdminMixin:
    """For the letter admin: the review and thanks actions, and letter text masked for staff
    without the permission to read it."""

    actions = ["record_as_backing", "mark_reviewed", "thank_writers"]

    # Letter text, masked

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if may_read_letter_text(request.user) or obj is None:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], "letter_text_hidden"]}), *rest]

    @admin.display(description=gettext_lazy("letter text"))
    def letter_text_hidden(self, letter):
        if letter is None or letter.pk is None:
            return "—"
        return _(
            "••• Hidden: a letter of %(letter)s characters, a reply of %(reply)s. Reading them needs the permission "
            "“Can read the text of letters and replies”."
        ) % {"letter": len(letter.body), "reply": len(letter.reply_text)}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        letter = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and letter is not None and may_read_letter_text(request.user):
            access_record(
                user=request.user,
                kind=PersonalDataAccess.Kind.REVEAL,
                model=letter,
                object_id=letter.pk,
                what="letter text (subject, letter, reply)",
            )
        return response

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ReviewedFilter]

    # Permissions of the actions

    def has_record_backing_permission(self, request):
        # Recording a backing is a public claim made of what a constituent reported: only staff who
        # may read the reply, change letters and add backings.
        user = request.user
        return (
            may_read_letter_text(user)
            and user.has_perm("letters.change_letter")
            and user.has_perm("backing.add_backing")
        )

    def has_review_permission(self, request):
        return may_read_letter_text(request.user) and request.user.has_perm("letters.change_letter")

    def has_thank_permission(self, request):
        return request.user.has_perm("letters.change_letter")

    # Actions

    @admin.action(
        description=gettext_lazy("Record the reply as the MP backing the ask…"), permissions=["record_backing"]
    )
    def record_as_backing(self, request, queryset):
        """A page listing what would be recorded, with the replies to read; its button records."""
        ids = list(queryset.values_list("pk", flat=True))
        if request.POST.get("confirmed") == "yes":
            outcome = followup.replies_record_as_backing(letter_ids=ids, reviewer_id=request.user.pk)
            self.message_user(
                request,
                ngettext(
                    "%(count)s reply recorded as backing (%(new)s new backing).",
                    "%(count)s replies recorded as backing (%(new)s new backings).",
                    len(outcome.recorded),
                )
                % {"count": len(outcome.recorded), "new": len(outcome.created)},
                messages.SUCCESS,
            )
            if outcome.skipped:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s letter left alone: not a reply saying yes, or already a backing.",
                        "%(count)s letters left alone: not a reply saying yes, or already a backing.",
                        outcome.skipped,
                    )
                    % {"count": outcome.skipped},
                    messages.WARNING,
                )
            return None
        reviewable = list(
            followup.letters_reviewable_as_backing(ids)
            .select_related("campaign__recommendation", "recipient")
            .order_by("recipient__family_name", "sent_at")
        )
        for letter in reviewable:
            access_record(
                user=request.user,
                kind=PersonalDataAccess.Kind.REVEAL,
                model=letter,
                object_id=letter.pk,
                what="reply (to record as backing)",
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record replies as backing"),
            "letters": reviewable,
            "left_alone": len(ids) - len(reviewable),
            "selected": ids,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/letters/record_backing.html", context)

    @admin.action(description=gettext_lazy("Mark the replies reviewed (not a backing)"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        count = followup.replies_mark_reviewed(
            letter_ids=queryset.values_list("pk", flat=True), reviewer_id=request.user.pk
        )
        self.message_user(
            request,
            ngettext("%(count)s reply marked reviewed.", "%(count)s replies marked reviewed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Thank the writers (once per letter)"), permissions=["thank"])
    def thank_writers(self, request, queryset):
        selected = queryset.count()
        thanked = followup.writers_thank(letter_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "A thank-you is on its way to %(count)s writer.",
                "A thank-you is on its way to %(count)s writers.",
                len(thanked),
            )
            % {"count": len(thanked)},
            messages.SUCCESS,
        )
        if selected > len(thanked):
            self.message_user(
                request,
                ngettext(
                    "%(count)s letter left alone: not sent yet, erased, or its writer was thanked already.",
                    "%(count)s letters left alone: not sent yet, erased, or their writers were thanked already.",
                    selected - len(thanked),
                )
                % {"count": selected - len(thanked)},
                messages.WARNING,
            )


class LetterCampaignRepliesAdminMixin:
    """For the letter campaign admin: the page of letters and replies per MP and per party."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/replies/", wrap(self.replies_view), name="letters_lettercampaign_replies"),
        ] + super().get_urls()

    def get_list_display(self, request):
        return [*super().get_list_display(request), "replies_link"]

    @admin.display(description=gettext_lazy("letters and replies"))
    def replies_link(self, campaign):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:letters_lettercampaign_replies", args=[campaign.pk]), _("Replies")
        )

    def replies_view(self, request, pk):
        campaign = get_object_or_404(LetterCampaign.objects.select_related("recommendation"), pk=pk)
        letter_admin = self.admin_site._registry.get(Letter)
        if letter_admin is None or not letter_admin.has_view_permission(request):
            raise PermissionDenied
        rows, parties = followup.reply_counts_by_recipient(campaign=campaign)
        total = followup.ReplyCounts()
        for row in rows:
            total.add(row.counts)
        may_read = may_read_letter_text(request.user)
        to_review = list(followup.replies_to_review(campaign=campaign)[:50])
        if may_read and to_review:
            access_record(
                user=request.user,
                kind=PersonalDataAccess.Kind.REVEAL,
                model=Letter,
                what="replies to review (reply text)",
                rows=len(to_review),
            )
        letters_url = reverse("admin:letters_letter_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Letters and replies: %(title)s") % {"title": campaign.title},
            "campaign": campaign,
            "rows": rows,
            "parties": parties,
            "total": total,
            "to_review": to_review,
            "may_read_letter_text": may_read,
            "review_url": f"{letters_url}?campaign__id__exact={campaign.pk}&reply_reported__exact=yes&reviewed=no",
            "letters_url": f"{letters_url}?campaign__id__exact={campaign.pk}",
        }
        return TemplateResponse(request, "admin/letters/replies.html", context)
