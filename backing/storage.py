"""Where the documents behind a backing (a scanned letter, an email) are kept: outside any folder a
web server serves, because they are staff-only evidence, often with a constituent's name in them.
Their only address is an admin view that checks the reader may see backing (BackingAdmin)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse


class PrivateDocumentStorage(FileSystemStorage):
    # Read from the settings at each use, not once at start-up, so that VAR_DIR is honoured wherever set.
    @property
    def base_location(self):
        return str(settings.VAR_DIR / "private" / "backing")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return reverse("admin:backing_backing_document", args=[name])


def private_documents():
    return PrivateDocumentStorage()
