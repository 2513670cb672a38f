from django.urls import path

from . import views, widget

app_name = "petitions"

urlpatterns = [
    path("confirm/<str:token>/", views.signature_confirm_view, name="confirm"),
    # Before the petitions' own addresses: "closed" is not a slug a petition can use.
    path("closed/", views.petitions_closed, name="closed"),
    path("<slug:slug>.json", views.petition_json, name="json"),
    path("<slug:slug>/", views.petition_detail, name="detail"),
    path("<slug:slug>/sign/", views.petition_sign, name="sign"),
    path("<slug:slug>/signed/", views.petition_signed, name="signed"),
    path("<slug:slug>/widget/", widget.petition_widget, name="widget"),
    path("<slug:slug>/widget/sign/", widget.widget_sign, name="widget-sign"),
    path("<slug:slug>/preview.png", views.petition_preview_image, name="preview-image"),
]
