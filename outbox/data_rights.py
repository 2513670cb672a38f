"""What the outbox holds about a person, for people.data_rights: export and erasure."""

from django.db.models import Q

from .models import OutgoingMail

ERASED_ADDRESS = "erased@invalid"


def mail_of(person):
    condition = Q(person=person)
    if person.email:
        condition |= Q(to_email__iexact=person.email)
    return OutgoingMail.objects.filter(condition)


def export(person):
    return [
        {
            "kind": mail.kind,
            "status": mail.status,
            "to": mail.to_email,
            "queued_at": mail.created_at.isoformat(),
            "sent_at": mail.sent_at.isoformat() if mail.sent_at else None,
        }
        for mail in mail_of(person).order_by("id")
    ]


def erase(person):
    """Mail not yet sent is cancelled; mail logs keep their counts, and nothing in them names the person."""
    mail = mail_of(person)
    mail.filter(status__in=OutgoingMail.UNFINISHED).exclude(status=OutgoingMail.Status.IN_FLIGHT).update(
        status=OutgoingMail.Status.CANCELLED
    )
    mail.update(person=None, to_email=ERASED_ADDRESS, content=None, last_error="")
