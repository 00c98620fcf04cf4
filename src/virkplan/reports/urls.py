from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("plan/<slug:key>/download/<str:format>/", views.plan_download, name="plan-download"),
]
