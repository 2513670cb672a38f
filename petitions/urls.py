from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("confirm/<str:token>/", views.signature_confirm_view, name="confirm"),
    path("<slug:slug>.json", views.petition_json, name="json"),
    path("<slug:slug>/", views.petition_detail, name="detail"),
    path("<slug:slug>/sign/", views.petition_sign, name="sign"),
    path("<slug:slug>/signed/", views.petition_signed, name="signed"),
    path("<slug:slug>/preview.png", views.petition_preview_image, name="preview-image"),
]
