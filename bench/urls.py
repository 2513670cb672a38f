from django.urls import path

from campaign.urls import urlpatterns as campaign_urlpatterns

from . import views

urlpatterns = [
    path("bench/constant/", views.constant),
    path("bench/insert/", views.insert),
    *campaign_urlpatterns,
]
