from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urls

from api.views import api_docs

from . import views

urlpatterns = [
    path("i18n/switch/<str:code>/", views.switch_language, name="switch-language"),
    # The open API: one address whatever the language (?lang=fa asks for Persian content).
    path("api/", include("api.urls")),
]
# English at the root (/events/…), every other language under its prefix (/fa/events/…), the admin too.
urlpatterns += i18n_patterns(
    path("", include("campaign.site_urls")),
    path("events/", include("events.urls")),
    path("events/", include("registrations.urls")),
    path("petitions/", include("petitions.urls")),
    path("motions/", include("motions.urls")),
    # The cross-party pages: /asks/<slug>/ and /motions/<slug>/backers/.
    path("", include("backing.urls")),
    path("email/", include("outreach.urls")),
    # Staff login, two-factor enrolment and backup codes: /account/login/, /account/two_factor/…
    path("", include(two_factor_urls)),
    path("admin/", admin.site.urls),
    # The open API's documentation page, in each language.
    path("api/v1/docs/", api_docs, name="api-docs"),
    prefix_default_language=False,
)

# A 503 page when the database is down, wherever the error came from; the site's 500 page otherwise.
handler500 = "campaign.errors.server_error"
