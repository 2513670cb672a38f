"""Uploading a file of people through the admin, with the worker's part played in this process."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import imports
from people.models import PersonImport


def post_file(client, content, name="people.csv", unknown_tags="report"):
    data = content if isinstance(content, bytes) else content.encode()
    return client.post(
        reverse("admin:people_person_import"),
        {"import_file": SimpleUploadedFile(name, data, content_type="text/csv"), "unknown_tags": unknown_tags},
    )


def upload(client, content, **kwargs):
    """Upload and check a file as the worker would; the import's status page."""
    response = post_file(client, content, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    person_import = PersonImport.objects.latest("pk")
    imports.person_import_check(import_id=person_import.pk)
    return client.get(response["Location"])


def confirm(client, page):
    """Press "Confirm and import", then apply as the worker would; the status page afterwards."""
    person_import = page.context["person_import"]
    response = client.post(reverse("admin:people_person_import_apply", args=[person_import.pk]))
    assert response.status_code == 302
    imports.person_import_apply(import_id=person_import.pk)
    return client.get(response["Location"])


def text(response):
    return response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&#x27;", "'")
