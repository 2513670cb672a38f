"""The old bare list of an ask's backers (Recommendation.backers) becomes Backing rows. Nobody
recorded how or when they backed it, so the rows say so (how "recorded", no date) rather than
guess. A listed person with no parliamentary role is moved too, with a note, so that nothing staff
entered is lost; public pages neither name nor count them (they name parliamentarians only)."""

from django.db import migrations

NOT_A_PARLIAMENTARIAN = (
    "Moved from the old list of backers. Not a parliamentarian: not shown or counted on public pages."
)


def move_backers_into_backing(apps, schema_editor):
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Backing = apps.get_model("backing", "Backing")
    ParliamentaryRole = apps.get_model("people", "ParliamentaryRole")
    listed = Recommendation.backers.through.objects.values_list("recommendation_id", "person_id")
    parliamentarians = set(ParliamentaryRole.objects.values_list("person_id", flat=True))
    Backing.objects.bulk_create(
        Backing(
            recommendation_id=recommendation_id,
            person_id=person_id,
            how="recorded",
            note="" if person_id in parliamentarians else NOT_A_PARLIAMENTARIAN,
        )
        for recommendation_id, person_id in listed.order_by("id")
    )


def move_backing_back_into_the_list(apps, schema_editor):
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Backing = apps.get_model("backing", "Backing")
    Listed = Recommendation.backers.through
    pairs = set(Backing.objects.values_list("recommendation_id", "person_id"))
    Listed.objects.bulk_create(
        [Listed(recommendation_id=recommendation_id, person_id=person_id) for recommendation_id, person_id in pairs],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("backing", "0001_backing"),
        ("recommendations", "0006_public_office_permissions"),
        ("people", "0010_dates_for_offices_and_affiliations"),
    ]

    operations = [migrations.RunPython(move_backers_into_backing, move_backing_back_into_the_list)]
