from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("petitions", views.PetitionViewSet, basename="petition")
router.register("events", views.EventViewSet, basename="event")
router.register("advocacy_campaigns", views.AdvocacyCampaignViewSet, basename="advocacy-campaign")
router.register("asks", views.AskViewSet, basename="ask")
router.register("motions", views.MotionViewSet, basename="motion")

urlpatterns = [
    path("v1/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("v1/", include(router.urls)),
]
