"""Sending a visitor to the language they read.

English pages have no prefix and Persian pages live under /fa/. A visitor who arrives on an English
address is sent to the same page in Persian when they chose Persian before (the language cookie set
by the switcher), or, on a first visit, when their browser asks for Persian first. Once they choose
English, they stay on English pages. Only pages are redirected (GET and HEAD), never a form post,
a JSON feed, a link token's POST or a static file; nor the open API (one address for every language,
?lang= chooses) or a petition widget, whose language the partner site chose in its snippet.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

NOT_PAGES = ("/static/", "/i18n/", "/favicon", "/api/")


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect_to_preferred_language(request)
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        if translation.get_language_from_path(request.path_info) is None:
            # What an unprefixed address shows depends on these: caches must not share it.
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    def redirect_to_preferred_language(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(NOT_PAGES):
            return None
        if request.path_info.endswith((".json", "/widget/")) or translation.get_language_from_path(request.path_info):
            return None
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen:
            preferred = chosen if translation.check_for_language(chosen) else None
        else:
            preferred = translation.get_language_from_request(request)
        if not preferred or translation.get_supported_language_variant(preferred) == settings.LANGUAGE_CODE:
            return None
        target = translate_url(request.get_full_path(), translation.get_supported_language_variant(preferred))
        if target == request.get_full_path():
            return None
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response
