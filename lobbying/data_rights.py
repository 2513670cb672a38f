"""What lobbying holds about a person, for people.data_rights: the campaign's stances on them and its
log of contacts. Both go with the person on erasure (the foreign keys cascade)."""


def export(person):
    return {
        "stances": [
            {"ask": stance.recommendation.title, "stance": stance.stance, "note": stance.note}
            for stance in person.stances.select_related("recommendation").order_by("recommendation_id")
        ],
        "contacts": [
            {
                "contacted_on": contact.contacted_on.isoformat(),
                "channel": contact.channel,
                "note": contact.note,
                "next_step": contact.next_step,
                "next_step_on": contact.next_step_on.isoformat() if contact.next_step_on else None,
            }
            for contact in person.contacts.order_by("contacted_on", "id")
        ],
    }


def erase(person):
    from .models import Stance

    person.stances.all().delete()
    # The history of stances quotes the notes, and deleting wrote one more row each.
    Stance.history.filter(person_id=person.pk).delete()
    person.contacts.all().delete()
