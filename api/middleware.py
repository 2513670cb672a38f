"""CORS for the open API, and only for it.

Everything under /api/ is public and read-only, and the API reads no cookie, so any site may read it
from a browser: `Access-Control-Allow-Origin: *` on its responses, and an answer to the preflight
that a browser sends before a GET with custom headers. No credentials are ever allowed, and no other
method: pages elsewhere on the site keep the browser's same-origin rule. A dozen lines do this, so
the site needs no CORS package.
"""

from django.http import HttpResponse

API_PREFIX = "/api/"


class PublicReadCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        return response
