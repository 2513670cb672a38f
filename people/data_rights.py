"""Supporters' rights over their data (UK GDPR): a copy of everything held, and erasure.

`people` sits below the apps that hold data about a person (petitions, events, the outbox…), so it
does not import them: each registers what it holds in its AppConfig.ready with `register_holder`,
giving how to export it, how to erase it, and whether the public record needs the person kept.

Erasure keeps what the campaign's public record and counts need, and nothing that identifies the
person: signatures stay counted, anonymised; mail logs keep their counts, detached; a speaker's
part in an event stays, under "Erased person". The admin's log of changes loses every entry that
names them.
"""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Person

ERASED_NAME = "Erased person"


@dataclass(frozen=True)
class Holder:
    export: object  # person -> JSON-ready data
    erase: object = None  # person -> None
    keeps_person: object = None  # person -> bool: the public record needs the (anonymised) row


HOLDERS = {}


def register_holder(name, *, export, erase=None, keeps_person=None):
    HOLDERS[name] = Holder(export=export, erase=erase, keeps_person=keeps_person)


def iso(value):
    return value.isoformat() if value else None


def person_export(person):
    """Everything held about `person`, as plain data ready for JSON."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "honorific": person.honorific,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "territorial_designation": person.territorial_designation,
            "post_nominals": person.post_nominals,
            "description": person.description,
            "bio": person.bio,
            "country": str(person.country),
            "email": person.email,
            "postcode": person.postcode,
            "language": person.language,
            "profile_is_public": person.profile_is_public,
            "email_consent": person.email_consent,
            "email_consent_changed_at": iso(person.email_consent_changed_at),
            "tags": [tag.name for tag in person.tags.all()],
            "created_at": iso(person.created_at),
        },
        "consent_record": [
            {"status": c.status, "changed_at": iso(c.changed_at), "source": c.source, "wording": c.wording}
            for c in person.consent_changes.all()
        ],
        "parliamentary_roles": [
            str(role) for role in person.parliamentary_roles.select_related("legislature", "party")
        ],
        "offices": [str(office) for office in person.offices.all()],
        "affiliations": [str(a) for a in person.affiliations.select_related("organisation")],
    }
    for name, holder in HOLDERS.items():
        data[name] = holder.export(person)
    return data


def admin_log_erase(person):
    """Delete the admin log entries about the person's own record, and any that quote their
    address or name (imports and edits of other records write their names into the log)."""
    own = Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    quoted = Q()
    for text in {person.email or "", person.name, person.full_name}:
        if len(text.strip()) >= 5:  # a fragment this short would match other people's entries
            quoted |= Q(object_repr__icontains=text) | Q(change_message__icontains=text)
    return LogEntry.objects.filter(own | quoted).delete()[0]


@transaction.atomic
def person_erase(person):
    """Erase `person` everywhere. Returns None when the person row was deleted, or the row kept
    (anonymised) when the public record of an event needs it."""
    for holder in HOLDERS.values():
        if holder.erase:
            holder.erase(person)
    admin_log_erase(person)
    person.consent_changes.all().delete()
    person.history.all().delete()
    if not any(holder.keeps_person and holder.keeps_person(person) for holder in HOLDERS.values()):
        person_id = person.pk
        person.delete()
        Person.history.filter(id=person_id).delete()  # the deletion itself wrote one, with the name
        return None
    Person.objects.filter(pk=person.pk).update(
        honorific="",
        given_name="",
        family_name=ERASED_NAME,
        territorial_designation="",
        post_nominals="",
        salutation_title="",
        description="",
        bio="",
        email=None,
        postcode="",
        profile_is_public=False,
        email_consent=Person.EmailConsent.UNSUBSCRIBED,
    )
    person.tags.clear()
    person.parliamentary_roles.all().delete()
    person.offices.all().delete()
    person.affiliations.all().delete()
    person.history.all().delete()  # the update above wrote none, but the deletes of roles may cascade
    return person
