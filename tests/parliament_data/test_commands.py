"""The import commands: what they print, and a clear error (never a traceback) for a bad file."""

import pytest
from django.core.management import CommandError, call_command

from motions.models import Signatory
from people.models import Person

from .helpers import DATA, a_campaign

pytestmark = pytest.mark.django_db


def test_members_then_a_motion_from_the_command_line(capsys):
    call_command("import_parliament_members", str(DATA / "members-commons.json"), str(DATA / "members-lords.json"))
    out = capsys.readouterr().out
    assert "created 5, updated 0, unchanged 0, not matched 0" in out
    assert "created 4" in out and Person.objects.count() == 9
    a_campaign()
    call_command("import_edm_signatures", str(DATA / "edm-63001.json"), "--session", "2024–26")
    out = capsys.readouterr().out
    assert "Callum Drummond" in out and "not matched 1" in out
    assert Signatory.objects.count() == 4


def test_a_bad_file_is_a_command_error_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_parliament_members", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_parliament_members", str(tmp_path / "missing.json"))
    assert not Person.objects.exists()


def test_the_motion_command_asks_for_the_campaign_when_there_are_several():
    a_campaign()
    from campaign.models import Campaign

    Campaign.objects.create(
        name="Other", slug="other", organisation_id=Campaign.objects.get().organisation_id, summary="."
    )
    with pytest.raises(CommandError, match="--campaign"):
        call_command("import_edm_signatures", str(DATA / "edm-63001.json"))
