"""What events hold about a person, for people.data_rights. A speaker's part in an event is the
public record: erasure keeps the participation under an anonymised person."""


def export(person):
    return [
        {
            "event": participation.event.title,
            "role": participation.get_role_display(),
            "spoke_as": participation.spoke_as,
            "statements": [statement.text for statement in participation.statements.all()],
        }
        for participation in person.participations.select_related("event").prefetch_related("statements")
    ]


def keeps_person(person):
    return person.participations.exists()
