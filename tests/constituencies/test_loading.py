"""Loading the ONS Postcode Directory: live postcodes in, terminated ones and bad files out, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from constituencies.loading import PostcodeFileError, postcodes_load
from constituencies.models import Constituency, PostcodeConstituency
from constituencies.services import constituencies_for_postcode

from .factories import DATA, NAMES, ONSPD, load_test_directory

pytestmark = pytest.mark.django_db


def loaded():
    return sorted(PostcodeConstituency.objects.values_list("postcode", "constituency__ons_code"))


def test_a_good_file_loads_its_live_postcodes_with_their_constituencies_named():
    summary = load_test_directory()
    assert summary.postcodes == 10 and summary.terminated == 1 and summary.outside == 1
    assert ("SW1A0AA", "E14001172") in loaded() and ("BT15GS", "N06000003") in loaded()
    bath = Constituency.objects.get(ons_code="E14001073")
    assert bath.name == "Bath" and bath.nation == Constituency.Nation.ENGLAND
    assert Constituency.objects.get(ons_code="W07000087").nation == Constituency.Nation.WALES
    # The names file names every constituency, with postcodes loaded or not.
    assert Constituency.objects.filter(name="Wells and Mendip Hills").exists()


def test_a_postcode_listed_in_two_constituencies_straddles_them():
    summary = load_test_directory()
    assert summary.straddling == 1
    assert [c.name for c in constituencies_for_postcode("BA1 9RB")] == ["Bath", "Frome and East Somerset"]


def test_terminated_postcodes_and_those_outside_any_constituency_are_not_loaded():
    load_test_directory()
    assert constituencies_for_postcode("BA2 7ZZ") == []  # terminated in 2015
    assert constituencies_for_postcode("GY1 1AA") == []  # Guernsey: no Westminster seat
    assert not Constituency.objects.filter(ons_code="L99999999").exists()


def test_a_malformed_row_stops_the_load_with_its_row_number_and_writes_nothing():
    with pytest.raises(PostcodeFileError) as error:
        postcodes_load(path=DATA / "onspd_malformed.csv", names_path=NAMES)
    assert error.value.row == 9 and "“N7 8E” is not a postcode" in str(error.value)
    assert not PostcodeConstituency.objects.exists() and not Constituency.objects.exists()


def test_a_bad_file_leaves_what_was_loaded_before_untouched():
    load_test_directory()
    before = loaded()
    with pytest.raises(CommandError, match=r"onspd_malformed\.csv, row 9: .* Nothing was loaded\."):
        call_command("load_postcodes", str(DATA / "onspd_malformed.csv"))
    assert loaded() == before


def test_a_row_with_too_few_fields_is_named(tmp_path):
    lines = ONSPD.read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 5)[0]  # row 4 cut short
    short = tmp_path / "short.csv"
    short.write_text("\n".join(lines) + "\n")
    with pytest.raises(PostcodeFileError) as error:
        postcodes_load(path=short)
    assert error.value.row == 4 and "48 fields where the header has 53" in str(error.value)
    assert not PostcodeConstituency.objects.exists()


def test_a_file_without_a_constituency_column_is_refused(tmp_path):
    other = tmp_path / "addresses.csv"
    other.write_text("pcds,doterm,town\nSW1A 0AA,,London\n")
    with pytest.raises(PostcodeFileError, match="no parliamentary constituency"):
        postcodes_load(path=other)


def test_a_later_release_replaces_the_earlier_one():
    load_test_directory()
    summary = postcodes_load(path=DATA / "onspd_next_release.csv", names_path=NAMES)
    assert [c.name for c in constituencies_for_postcode("N7 8EG")] == ["Islington South and Finsbury"]
    assert constituencies_for_postcode("M1 1AE") == []  # terminated since
    assert summary.postcodes == 9 and PostcodeConstituency.objects.count() == 10  # BA1 9RB twice
    # Constituencies stay, for the letters that name them.
    assert Constituency.objects.filter(ons_code="E14001357").exists()


def test_the_recent_layout_with_pcon24cd_loads_too():
    summary = postcodes_load(path=DATA / "onspd_2025_layout.csv", names_path=NAMES)
    assert summary.postcodes == 2 and summary.terminated == 1
    assert [c.name for c in constituencies_for_postcode("n7 8eg")] == ["Islington North"]


def test_without_the_names_file_constituencies_are_known_by_their_code_and_the_command_says_so(capsys):
    call_command("load_postcodes", str(ONSPD))
    output = capsys.readouterr().out
    assert "Loaded 10 postcodes in 8 constituencies (1 straddle two or more)" in output
    assert "8 constituencies are known only by their code: load again with --names" in output
    assert str(Constituency.objects.get(ons_code="E14001073")) == "E14001073"
    call_command("load_postcodes", str(ONSPD), names=str(NAMES))
    assert str(Constituency.objects.get(ons_code="E14001073")) == "Bath"


def test_a_names_file_with_a_bad_code_is_named_with_its_row(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("PCON24CD,PCON24NM\nE14001073,Bath\nBATH,Bath again\n")
    with pytest.raises(CommandError, match=r"names\.csv, row 3: “BATH” is not a constituency code"):
        call_command("load_postcodes", str(ONSPD), names=str(names))
    assert not Constituency.objects.exists()


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_postcodes", "/nonexistent/ONSPD.csv")
