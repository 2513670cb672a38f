"""What motions hold about a person, for people.data_rights. Tabling or signing a motion or a
public statement is a public act: erasure keeps it under an anonymised person."""


def export(person):
    signed = person.motion_signatures.select_related("motion").order_by("motion__tabled_on", "id")
    return {
        "sponsored": [motion.title for motion in person.motions_sponsored.order_by("tabled_on", "id")],
        "signed": [
            {
                "motion": signature.motion.title,
                "signed_on": signature.signed_on.isoformat() if signature.signed_on else None,
                "withdrawn": signature.has_withdrawn,
                "withdrawn_on": signature.withdrawn_on.isoformat() if signature.withdrawn_on else None,
            }
            for signature in signed
        ],
    }


def keeps_person(person):
    return person.motion_signatures.exists() or person.motions_sponsored.exists()
