from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/resubscribe/", views.resubscribe_request, name="resubscribe-request"),
    path("resubscribe/<str:token>/", views.resubscribe_confirm, name="resubscribe-confirm"),
]
