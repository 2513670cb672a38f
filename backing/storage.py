"""Where the documents behind a backing (a scanned letter, an email) are kept: outside any folder a
web server serves, because they are staff-only evidence, often with a constituent's name in them."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_documents():
    return FileSystemStorage(location=settings.VAR_DIR / "private" / "backing", base_url=None)
