from django.urls import path

from . import views

app_name = "motions"

urlpatterns = [
    path("<slug:slug>/", views.motion_detail, name="detail"),
]
