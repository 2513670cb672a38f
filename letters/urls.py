from django.urls import path

from . import survey_views

app_name = "letters"

urlpatterns = [
    path("reply/<str:token>/", survey_views.letter_survey, name="survey"),
]
