"""The old bare list of an ask's backers (Recommendation.backers) becomes Backing rows, none lost:
'recorded by staff, how not known', undated; a listed person without a seat is kept with a note."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backing.models import Backing

BEFORE = [("recommendations", "0006_public_office_permissions"), ("backing", None)]


def migrate_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    return executor.loader.project_state(BEFORE[0]).apps


def migrate_to_the_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_old_list_of_backers_becomes_backing_rows():
    old = migrate_back()
    try:
        organisation = old.get_model("campaign", "Organisation").objects.create(name="BCFIF", slug="bcfif")
        campaign = old.get_model("campaign", "Campaign").objects.create(name="C", slug="c", organisation=organisation)
        recommendation = old.get_model("recommendations", "Recommendation").objects.create(
            campaign=campaign, title="An ask", slug="an-ask", call_to_action="Act."
        )
        Person = old.get_model("people", "Person")
        member, supporter = Person.objects.create(family_name="Member"), Person.objects.create(family_name="Supporter")
        commons = old.get_model("people", "Legislature").objects.create(
            name="House of Commons", slug="hoc", kind="lower"
        )
        old.get_model("people", "ParliamentaryRole").objects.create(person=member, legislature=commons)
        recommendation.backers.add(member, supporter)
    finally:
        migrate_to_the_latest()

    rows = {row.person.family_name: row for row in Backing.objects.filter(recommendation_id=recommendation.pk)}
    assert set(rows) == {"Member", "Supporter"}
    assert {(row.how, row.backed_on) for row in rows.values()} == {(Backing.How.RECORDED, None)}
    assert rows["Member"].note == ""
    assert "Not a parliamentarian" in rows["Supporter"].note
