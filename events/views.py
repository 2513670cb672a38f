from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control

from campaign.links import absolute_url
from campaign.preview_images import cached_preview_image, preview_image
from campaign.templatetags.languages import long_date

from .models import Event
from .services import event_page_queryset, participants_by_role, who_took_part_heading


def event_detail(request, slug):
    event = get_object_or_404(event_page_queryset(), slug=slug)
    context = {
        "event": event,
        "participant_groups": participants_by_role(event),
        "chairs": event.chairs,
        "who_took_part": who_took_part_heading(event),
        "page_url": absolute_url(event.get_absolute_url()),
        "preview_image_url": absolute_url(reverse("events:preview-image", args=[event.slug])),
    }
    return render(request, "events/detail.html", context)


@cache_control(public=True, max_age=600)
def event_preview_image(request, slug):
    """The event's link-preview card (og:image), in the language of the address."""
    event = get_object_or_404(Event.objects.published().select_related("campaign", "organiser"), slug=slug)
    language = translation.get_language()

    def build():
        return preview_image(
            eyebrow=event.campaign.name,
            title=event.title,
            figures=long_date(event.local_starts_at),
            footer=event.organiser.name if event.organiser else "",
            right_to_left=translation.get_language_bidi(),
        )

    key = ("event", event.pk, language, event.title, event.campaign.name, event.starts_at, event.organiser_id)
    png = cached_preview_image(key, build)
    return HttpResponse(png, content_type="image/png")
