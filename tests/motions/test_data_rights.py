"""Signing a motion is a public act: a signer's copy of their data lists it, and erasure keeps the
signature counted under an anonymised person."""

import pytest

from people.data_rights import ERASED_NAME, person_erase, person_export

from .factories import motion, mp, sign

pytestmark = pytest.mark.django_db


def test_a_signers_export_lists_what_they_signed_and_erasure_keeps_the_count(demo_event):
    tabled = motion(demo_event.campaign)
    signer = mp("Signer")
    sign(tabled, signer)
    exported = person_export(signer)
    assert exported["motions"]["signed"][0]["motion"] == tabled.title
    person_erase(signer)
    assert tabled.signatories.count() == 1
    assert tabled.signatories.get().person.family_name == ERASED_NAME
