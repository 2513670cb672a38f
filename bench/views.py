"""The ceilings of the signature benchmark, served by the same gunicorn with the same settings."""

import uuid

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from petitions.models import Petition, Signature

PETITION_ID = None


def constant(request):
    return HttpResponse("ok")


@csrf_exempt
def insert(request):
    """One bare ORM insert of the row a signature writes, and nothing else."""
    global PETITION_ID
    if PETITION_ID is None:
        PETITION_ID = Petition.objects.values_list("pk", flat=True).get(slug=request.GET["petition"])
    email = f"{uuid.uuid4().hex}@example.org"
    Signature.objects.create(petition_id=PETITION_ID, name="Bench", email=email, email_normalised=email, country="GB")
    return HttpResponse("ok")
