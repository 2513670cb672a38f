from django.urls import path

from . import views

app_name = "backing"

urlpatterns = [
    path("asks/<slug:slug>/", views.ask_backers, name="ask"),
    path("motions/<slug:slug>/backers/", views.motion_backers, name="motion"),
]
