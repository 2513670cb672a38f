"""Press releases in the admin: a page per event and language to read, copy, edit, regenerate and
export the release, reached from the event's own page.

Who may do what. Reading and exporting need "Can view press release"; keeping edits and
regenerating need "Can change press release" (and "Can add press release" for an event's first
draft). Editors have all three (press/migrations/0002_editor_permissions.py); other staff none.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.languages import language_name
from campaign.translated_admin import TranslatedAdmin
from events.models import Event

from . import services
from .exports import is_right_to_left, paragraphs_of, press_release_docx_response, press_release_text_response
from .models import PressOffice, PressRelease


class PressReleaseForm(forms.Form):
    headline = forms.CharField(max_length=500, label=gettext_lazy("Headline"))
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        label=gettext_lazy("Text"),
        help_text=gettext_lazy(
            "Paragraphs separated by an empty line. Headings such as “Notes to editors” stand on a line of "
            "their own; a paragraph starting with “• ” is a list item."
        ),
    )

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        direction = "rtl" if is_right_to_left(language) else "ltr"
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language, "dir": direction})
        self.fields["headline"].widget.attrs["size"] = 100


def site_language_or_404(language):
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Http404
    return language


def reading_blocks(text, headings):
    """The release as the page shows it to copy: [("heading", text), ("paragraph", text),
    ("list", [item, …])], consecutive "• " paragraphs making one list."""
    blocks = []
    for paragraph in paragraphs_of(text):
        if paragraph.strip() in headings:
            blocks.append(("heading", paragraph.strip()))
        elif paragraph.startswith("• "):
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].append(paragraph[2:])
            else:
                blocks.append(("list", [paragraph[2:]]))
        else:
            blocks.append(("paragraph", paragraph))
    return blocks


@admin.register(PressRelease)
class PressReleaseAdmin(admin.ModelAdmin):
    list_display = ["event", "language", "edited", "updated_at", "updated_by"]
    list_filter = ["language"]
    list_select_related = ["event", "updated_by"]
    search_fields = ["event__title", "headline"]

    @admin.display(boolean=True, description=gettext_lazy("edited by staff"))
    def edited(self, release):
        return release.is_edited

    def has_add_permission(self, request):
        return False  # a draft is started from its event's press release page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        release = self.get_object(request, object_id)
        if release is None or not self.has_view_permission(request, release):
            raise PermissionDenied
        return redirect(release.get_admin_url())

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("event/<int:event_id>/<str:language>/", wrap(self.release_view), name="press_release"),
            path("event/<int:event_id>/<str:language>/text/", wrap(self.text_view), name="press_release_text"),
            path("event/<int:event_id>/<str:language>/docx/", wrap(self.docx_view), name="press_release_docx"),
            *super().get_urls(),
        ]

    def current(self, request, event_id, language):
        if not self.has_view_permission(request):
            raise PermissionDenied
        site_language_or_404(language)
        try:
            return services.press_release_current(event_id=event_id, language=language)
        except Event.DoesNotExist:
            raise Http404 from None

    def may_write(self, request, release):
        if release.pk is None and not self.has_add_permission_for_drafts(request):
            return False
        return self.has_change_permission(request, release)

    def has_add_permission_for_drafts(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")

    def text_view(self, request, event_id, language):
        release, _event = self.current(request, event_id, language)
        return press_release_text_response(release)

    def docx_view(self, request, event_id, language):
        release, _event = self.current(request, event_id, language)
        return press_release_docx_response(release)

    def release_view(self, request, event_id, language):
        release, event = self.current(request, event_id, language)
        may_write = self.may_write(request, release)
        form = PressReleaseForm(initial={"headline": release.headline, "text": release.text}, language=language)
        confirm_regenerate = False
        if request.method == "POST":
            if not may_write:
                raise PermissionDenied
            action = request.POST.get("action")
            if action == "save":
                form = PressReleaseForm(request.POST, language=language)
                if form.is_valid():
                    services.press_release_save(
                        event_id=event.pk, language=language, user=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("The press release was saved."))
                    return redirect(request.path)
            elif action == "regenerate":
                try:
                    services.press_release_regenerate(
                        event_id=event.pk,
                        language=language,
                        user=request.user,
                        discard_edits=request.POST.get("discard_edits") == "yes",
                    )
                except services.DraftWasEdited:
                    confirm_regenerate = True
                else:
                    messages.success(request, _("The press release was written again from the record."))
                    return redirect(request.path)
        other_languages = [
            (code, language_name(code), reverse("admin:press_release", args=[event.pk, code]))
            for code, _name in self.other_languages(language)
        ]
        headings = services.section_headings(language)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event_opts": Event._meta,
            "title": _("Press release (%(language)s)") % {"language": language_name(language)},
            "event": event,
            "release": release,
            "language": language,
            "language_name": language_name(language),
            "direction": "rtl" if is_right_to_left(language) else "ltr",
            "kicker": services.kicker(language),
            "blocks": reading_blocks(release.text, headings),
            "form": form,
            "may_write": may_write,
            "confirm_regenerate": confirm_regenerate,
            "other_languages": other_languages,
        }
        return TemplateResponse(request, "admin/press/release.html", context)

    @staticmethod
    def other_languages(language):
        return [(code, name) for code, name in settings.LANGUAGES if code != language]


@admin.register(PressOffice)
class PressOfficeAdmin(TranslatedAdmin):
    list_display = ["organisation", "contact_name", "email", "phone"]
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "contact_name", "email", "phone", "about"]
