from django.urls import path

from . import survey_views, views

app_name = "letters"

urlpatterns = [
    # Before the campaigns' own addresses: "confirm" and "reply" are not slugs a campaign can use.
    path("confirm/<str:token>/", views.letter_confirm_view, name="confirm"),
    path("reply/<str:token>/", survey_views.letter_survey, name="survey"),
    path("<slug:slug>/", views.campaign_start, name="start"),
    path("<slug:slug>/to/<str:key>/", views.letter_write, name="write"),
    path("<slug:slug>/written/", views.letter_written, name="written"),
]
