from django.shortcuts import get_object_or_404, render

from campaign.links import absolute_url

from .services import event_page_queryset, participants_by_role, who_took_part_heading


def event_detail(request, slug):
    event = get_object_or_404(event_page_queryset(), slug=slug)
    context = {
        "event": event,
        "participant_groups": participants_by_role(event),
        "chairs": event.chairs,
        "who_took_part": who_took_part_heading(event),
        "page_url": absolute_url(event.get_absolute_url()),
    }
    return render(request, "events/detail.html", context)
