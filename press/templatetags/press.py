"""The links from an event's admin page to its press release, one per language, for staff who may
read press releases."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from campaign.languages import language_name

register = template.Library()


@register.simple_tag(takes_context=True)
def press_release_links(context, event):
    """[(url, label)]: 'Press release (English)', 'Press release (Persian)'."""
    request = context.get("request")
    if event is None or event.pk is None or request is None or not request.user.has_perm("press.view_pressrelease"):
        return []
    return [
        (
            reverse("admin:press_release", args=[event.pk, code]),
            _("Press release (%(language)s)") % {"language": language_name(code)},
        )
        for code, _name in settings.LANGUAGES
    ]
