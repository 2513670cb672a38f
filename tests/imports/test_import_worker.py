"""The people import through a real Celery worker: the status page's JSON follows its progress,
and the file is checked, then written, by the worker."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Person, PersonImport
from tests.imports.helpers import post_file
from tests.services import CeleryProcess

ROWS = 20000


@pytest.fixture
def import_worker(transactional_db, purge_queues):
    worker = CeleryProcess(name="imports").start()
    yield worker
    worker.stop()


@pytest.fixture
def editor_web(editor):
    client = Client()
    client.force_login(editor)
    return client


def follow(client, url, until, timeout=120):
    """Poll the progress JSON until `until(progress)`; every answer seen on the way."""
    seen, deadline = [], time.monotonic() + timeout
    while True:
        progress = client.get(url).json()
        seen.append(progress)
        if until(progress):
            return seen
        assert time.monotonic() < deadline, f"no end within {timeout}s: {progress}"
        time.sleep(0.05)


def test_a_large_file_is_checked_and_imported_by_the_worker_with_its_progress_shown(import_worker, editor_web):
    lines = ["family_name,given_name,email,tags"] + [f"Person{i},Given,p{i}@example.org,new" for i in range(ROWS)]
    response = post_file(editor_web, "\n".join(lines) + "\n", unknown_tags="create")
    assert response.status_code == 302
    person_import = PersonImport.objects.get()
    progress_url = reverse("admin:people_person_import_progress", args=[person_import.pk])

    checking = follow(editor_web, progress_url, lambda p: not p["working"])
    assert checking[-1]["status"] == "checked"
    page = editor_web.get(response["Location"]).content.decode()
    assert "Confirm and import" in page and "20,000" in page
    assert Person.objects.count() == 0

    editor_web.post(reverse("admin:people_person_import_apply", args=[person_import.pk]))
    writing = follow(editor_web, progress_url, lambda p: not p["working"])
    assert writing[-1]["status"] == "done" and writing[-1]["percent_done"] == 100
    done = [p["rows_done"] for p in writing if p["status"] == "applying"]
    assert done == sorted(done)  # the bar only moves forward
    assert any(0 < rows < ROWS for rows in done), done  # and was seen between the start and the end
    assert Person.objects.count() == ROWS
    assert Person.objects.filter(tags__name="new").count() == ROWS


def test_the_status_page_reloads_itself_without_javascript_while_the_worker_is_busy(editor_web, transactional_db):
    post_file(editor_web, "family_name,email\nHopper,grace@example.org\n")  # no worker: it stays checking
    page = editor_web.get(reverse("admin:people_person_import_status", args=[PersonImport.objects.get().pk]))
    html = page.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert 'src="/static/people/import-progress.js"' in html
