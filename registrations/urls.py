from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("registration/confirm/<str:token>/", views.confirm, name="confirm"),
    path("registration/<str:token>/", views.manage, name="manage"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/registered/", views.registered, name="registered"),
]
