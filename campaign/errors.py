"""The server-error view: a friendly 503 when PostgreSQL cannot be reached, wherever the error was
raised (a view, the session or the login middleware), and the site's 500 page otherwise.

Both pages are rendered without the request, so that no context processor goes back to the
database that just failed. They are in the language of the address (/fa/… in Persian): the error
may come from a layer that runs before the language is set for the request."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def server_error(request):
    error = sys.exc_info()[1]
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if isinstance(error, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", error)
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return HttpResponseServerError(render_to_string("500.html"))
