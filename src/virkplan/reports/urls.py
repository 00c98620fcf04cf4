from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("plan/<slug:key>/download/<str:format>/", views.plan_download, name="plan-download"),
    path(
        "plan/<slug:key>/download/<str:format>/status/",
        views.plan_document_status,
        name="plan-document-status",
    ),
]
