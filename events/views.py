from django.shortcuts import get_object_or_404, render

from .services import event_page_queryset


def event_detail(request, slug):
    event = get_object_or_404(event_page_queryset(), slug=slug)
    return render(request, "events/detail.html", {"event": event})
