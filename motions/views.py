from django.shortcuts import get_object_or_404, render

from campaign.links import absolute_url

from .services import motion_page_queryset


def motion_detail(request, slug):
    motion = get_object_or_404(motion_page_queryset(), slug=slug)
    named = [s for s in motion.current_signatories() if s.person.is_named_in_public]
    withheld = len(motion.current_signatories()) - len(named)
    total = motion.total_with(len(motion.current_signatories()))
    context = {
        "motion": motion,
        "named_signatories": named,
        "withdrawn_signatories": [s for s in motion.withdrawn_signatories() if s.person.is_named_in_public],
        "withheld_count": withheld,
        "total": total,
        "not_named_count": total - len(named),
        "sponsor_is_named": bool(motion.primary_sponsor and motion.primary_sponsor.is_named_in_public),
        "page_url": absolute_url(motion.get_absolute_url()),
    }
    return render(request, "motions/detail.html", context)
