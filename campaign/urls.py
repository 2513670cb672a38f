from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("campaign.site_urls")),
    path("events/", include("events.urls")),
    path("petitions/", include("petitions.urls")),
    path("email/", include("outreach.urls")),
    path("admin/", admin.site.urls),
]

# A 503 page when the database is down, wherever the error came from; the site's 500 page otherwise.
handler500 = "campaign.errors.server_error"
