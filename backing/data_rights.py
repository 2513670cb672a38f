"""What backing holds about a person, for people.data_rights. Backing an ask is a parliamentarian's
public act: erasure keeps it under an anonymised person, as it does a motion's signature."""

from .models import Backing


def export(person):
    backings = person.backings.select_related("recommendation").order_by("backed_on", "id")
    return [
        {
            "recommendation": backing.recommendation.title,
            "how": backing.how,
            "backed_on": backing.backed_on.isoformat() if backing.backed_on else None,
            "source_url": backing.source_url,
            "source_description": backing.source_description,
            "withdrawn": backing.has_withdrawn,
            "withdrawn_on": backing.withdrawn_on.isoformat() if backing.withdrawn_on else None,
        }
        for backing in backings
    ]


def keeps_person(person):
    return person.backings.exists()


def erase(person):
    """The public act stays, under the anonymised person (as a motion's signature does); what staff
    wrote about it and the documents behind it go, with the history that repeats them."""
    backings = list(person.backings.all())
    for backing in backings:
        if backing.source_document:
            backing.source_document.delete(save=False)
    person.backings.update(note="", source_document="")
    Backing.history.filter(id__in=[backing.pk for backing in backings]).delete()
