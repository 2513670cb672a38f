from .models import Organisation


def site(request):
    """The organisation that runs this site, for headers and footers of every page."""
    return {"site_organisation": Organisation.objects.filter(runs_this_site=True).first()}
