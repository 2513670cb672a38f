from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from events.models import Event
from petitions.models import Petition
from recommendations.models import Recommendation

from .models import Campaign


def home(request):
    now = timezone.now()
    events = Event.objects.published().select_related("organiser")
    context = {
        "campaigns": Campaign.objects.active().select_related("organisation"),
        "upcoming_events": events.filter(starts_at__gte=now).order_by("starts_at"),
        "past_events": events.filter(starts_at__lt=now),
        "petitions": Petition.objects.open(now).with_signature_count().select_related("addressed_to"),
        "recommendations": Recommendation.objects.prefetch_related("addressed_to"),
    }
    return render(request, "campaign/home.html", context)


def privacy(request):
    context = {
        "unconfirmed_days": settings.UNCONFIRMED_SIGNATURE_DAYS,
        "closed_months": round(settings.CLOSED_PETITION_KEEP_DAYS / 30.4),
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "campaign/privacy.html", context)
