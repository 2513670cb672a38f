from django.shortcuts import get_object_or_404, render

from .models import Petition


def petition_detail(request, slug):
    petition = get_object_or_404(Petition.objects.published().select_related("addressed_to", "campaign"), slug=slug)
    return render(request, "petitions/detail.html", {"petition": petition})
