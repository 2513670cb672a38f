"""The people import: unknown tags created or reported, all or nothing, errors downloadable with
formulas neutralised, the file deleted, and only staff with the import permission."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from people import imports
from people.models import Person, PersonImport, Tag
from personal_data.models import PersonalDataAccess
from tests.imports.helpers import confirm, post_file, text, upload

pytestmark = pytest.mark.django_db

TAGGED = 'family_name,email,tags\nHopper,grace@example.org,"donor, Volunteer"\nLovelace,ada@example.org,press\n'


@pytest.fixture(autouse=True)
def donor_tag():
    return Tag.objects.create(name="donor")


def test_unknown_tags_are_created_when_staff_choose_so(editor_client):
    page = upload(editor_client, TAGGED, unknown_tags="create")
    assert "New tags: <bdi>press</bdi>, <bdi>Volunteer</bdi>" in page.content.decode()
    assert not Tag.objects.filter(name="press").exists()  # the preview writes nothing
    confirm(editor_client, page)
    grace = Person.objects.get(email="grace@example.org")
    assert sorted(grace.tags.values_list("name", flat=True)) == ["Volunteer", "donor"]
    assert list(Person.objects.get(email="ada@example.org").tags.values_list("name", flat=True)) == ["press"]


def test_unknown_tags_are_reported_row_by_row_when_staff_choose_so(editor_client):
    page = text(upload(editor_client, TAGGED, unknown_tags="report"))
    assert "2 rows have errors, so nothing can be imported" in page
    assert "tags: No such tag: Volunteer." in page and "tags: No such tag: press." in page
    assert "Confirm and import" not in page
    assert not Tag.objects.filter(name__in=["press", "Volunteer"]).exists()


def test_a_known_tag_in_another_case_is_the_same_tag(editor_client):
    confirm(editor_client, upload(editor_client, "family_name,email,tags\nHopper,grace@example.org,DONOR\n"))
    assert list(Person.objects.get(email="grace@example.org").tags.all()) == [Tag.objects.get(name="donor")]
    assert Tag.objects.count() == 1


def test_the_preview_counts_new_updated_and_unchanged_people(editor_client):
    Person.objects.create(family_name="Hopper", given_name="Grace", email="grace@example.org")
    Person.objects.create(family_name="Lovelace", given_name="Ada", email="ada@example.org")
    rows = (
        "given_name,family_name,email\n"
        "Grace,Hopper,GRACE@example.org\nAda,King,ada@example.org\nMary,Somerville,m@example.org\n"
    )
    person_import = upload(editor_client, rows).context["person_import"]
    assert (person_import.new_count, person_import.updated_count, person_import.unchanged_count) == (1, 1, 1)
    confirm(editor_client, upload(editor_client, rows))
    assert Person.objects.get(email="ada@example.org").family_name == "King"
    assert Person.objects.count() == 3


def test_a_bad_row_late_in_the_file_leaves_nothing_written_and_its_error_can_be_downloaded(editor_client):
    rows = ["family_name,given_name,email"] + [f"Person{i},Given,person{i}@example.org" for i in range(5000)]
    rows.append('"=HYPERLINK(""//evil.example"")",Mallory,mallory@example.org')
    page = upload(editor_client, "\n".join(rows) + "\n")
    person_import = page.context["person_import"]
    assert (person_import.new_count, person_import.error_count) == (5000, 1)
    refused = editor_client.post(reverse("admin:people_person_import_apply", args=[person_import.pk]))
    imports.person_import_apply(import_id=person_import.pk)
    assert refused.status_code == 302 and Person.objects.count() == 0
    download = editor_client.get(reverse("admin:people_person_import_errors", args=[person_import.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    (error,) = csv.DictReader(io.StringIO(download.content.decode("utf-8-sig")))
    assert error["line"] == "5002"
    assert "family_name" in error["error"] and "spreadsheet formula" in error["error"]
    assert error["family_name"] == '\'=HYPERLINK("//evil.example")'  # shown as text, never run
    assert error["email"] == "mallory@example.org"
    assert PersonalDataAccess.objects.filter(kind="export", rows=1).exists()


@pytest.fixture
def failing_insert():
    """A database that refuses one person, as a full disk or a broken constraint would mid-way."""
    with connection.cursor() as cursor:
        cursor.execute(
            """CREATE FUNCTION refuse_last_person() RETURNS trigger AS $$
            BEGIN
              IF NEW.email = 'person4999@example.org' THEN RAISE EXCEPTION 'disk full'; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_last_person BEFORE INSERT ON people_person
            FOR EACH ROW EXECUTE FUNCTION refuse_last_person();"""
        )


def test_a_failure_while_writing_the_last_row_leaves_nothing_written(editor_client, failing_insert):
    rows = ["family_name,email,tags"] + [f"Person{i},person{i}@example.org,newtag" for i in range(5000)]
    page = upload(editor_client, "\n".join(rows) + "\n", unknown_tags="create")
    person_import = page.context["person_import"]
    editor_client.post(reverse("admin:people_person_import_apply", args=[person_import.pk]))
    with pytest.raises(Exception, match="disk full"):
        imports.person_import_apply(import_id=person_import.pk)
    assert Person.objects.count() == 0 and Person.history.count() == 0
    assert not Tag.objects.filter(name="newtag").exists()
    page = text(editor_client.get(reverse("admin:people_person_import_status", args=[person_import.pk])))
    assert "The import failed and nothing was imported" in page


def test_an_applied_import_deletes_its_file_and_records_who_and_how(editor_client, editor):
    page = upload(editor_client, "family_name,email,consent\nHopper,grace@example.org,unsubscribed\n")
    confirm(editor_client, page)
    person_import = PersonImport.objects.get()
    assert person_import.status == "done" and bytes(person_import.content) == b""
    grace = Person.objects.get()
    change = grace.consent_changes.get()
    assert (change.status, change.source, change.recorded_by) == ("unsubscribed", "CSV import people.csv", editor)
    assert grace.history.get().history_user == editor


def test_files_not_imported_are_deleted_after_the_retention_period(editor_client, settings):
    upload(editor_client, "family_name,email,tags\nHopper,grace@example.org,unknown\n")
    person_import = PersonImport.objects.get()
    assert person_import.error_rows
    assert imports.imports_purge() == 0  # not yet
    later = timezone.now() + timezone.timedelta(hours=settings.PEOPLE_IMPORT_KEEP_HOURS + 1)
    assert imports.imports_purge(now=later) == 1
    person_import.refresh_from_db()
    assert person_import.status == "expired"
    assert (bytes(person_import.content), person_import.error_rows) == (b"", [])
    assert person_import.error_count == 1  # the record of the import stays


def test_only_staff_with_the_import_permission_reach_imports(editor_client, outreach_client, outreach_user):
    page = upload(editor_client, TAGGED)
    person_import = page.context["person_import"]
    urls = [
        reverse("admin:people_person_import"),
        reverse("admin:people_person_import_status", args=[person_import.pk]),
        reverse("admin:people_person_import_progress", args=[person_import.pk]),
        reverse("admin:people_person_import_errors", args=[person_import.pk]),
    ]
    for url in urls:
        assert outreach_client.get(url).status_code == 403, url
    assert post_file(outreach_client, TAGGED).status_code == 403
    assert outreach_client.post(reverse("admin:people_person_import_apply", args=[person_import.pk])).status_code == 403
    # With the permission, an outreach member imports, but does not read an editor's import.
    outreach_user.user_permissions.add(Permission.objects.get(codename="import_person"))
    assert outreach_client.get(urls[0]).status_code == 200
    assert outreach_client.get(urls[1]).status_code == 404
    assert outreach_client.get(urls[3]).status_code == 404


def test_the_import_link_shows_only_to_those_who_may_import(editor_client, outreach_client):
    url = reverse("admin:people_person_import")
    assert url in editor_client.get(reverse("admin:people_person_changelist")).content.decode()
    assert url not in outreach_client.get(reverse("admin:people_person_changelist")).content.decode()


def test_a_reimport_updates_what_changed_adds_tags_and_keeps_the_history(editor_client, donor_tag):
    grace = Person.objects.create(family_name="Hopper", given_name="Grace", email="grace@example.org", language="fa")
    grace.tags.add(donor_tag)
    rows = "given_name,family_name,email,language,tags\nGrace M.,Hopper,Grace@Example.org,,press\n"
    confirm(editor_client, upload(editor_client, rows, unknown_tags="create"))
    grace.refresh_from_db()
    assert grace.given_name == "Grace M."
    assert grace.language == "fa"  # an empty cell keeps the person's language
    assert sorted(grace.tags.values_list("name", flat=True)) == ["donor", "press"]  # added, none removed
    latest = grace.history.first()
    assert (latest.history_type, latest.given_name, latest.history_change_reason) == (
        "~",
        "Grace M.",
        "CSV import people.csv",
    )


def test_errors_are_written_in_the_language_the_file_was_uploaded_in(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"family_name,email,country\nHopper,grace@example.org,XX\n"
    response = editor_client.post(
        "/fa" + reverse("admin:people_person_import"),
        {"import_file": SimpleUploadedFile("people.csv", data, content_type="text/csv"), "unknown_tags": "report"},
    )
    assert response.status_code == 302
    from people import tasks

    tasks.check_import(PersonImport.objects.get().pk)
    assert "کشور «XX» ناشناخته است" in PersonImport.objects.get().error_rows[0]["errors"]
