"""A person's copy of their data includes what the campaign wrote about them; erasure removes it."""

from lobbying.models import ContactLog, Stance
from people.data_rights import person_erase, person_export


def test_the_export_holds_stances_and_contacts_and_erasure_removes_them(parliament, lobbyist):
    ask, mp = parliament["ask"], parliament["mps"][0]
    Stance.objects.create(person=mp, recommendation=ask, stance="leaning", note="Sympathetic")
    ContactLog.objects.create(person=mp, recommendation=ask, contacted_on="2026-11-01", channel="phone", by=lobbyist)

    exported = person_export(mp)["lobbying"]
    assert exported["stances"] == [{"ask": ask.title, "stance": "leaning", "note": "Sympathetic"}]
    assert exported["contacts"][0]["channel"] == "phone"

    person_erase(mp)
    assert not Stance.objects.exists()
    assert not Stance.history.filter(person_id=mp.pk).exists()
    assert not ContactLog.objects.exists()
