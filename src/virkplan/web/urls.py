from django.urls import path

from . import views, views_cycle, views_editing, views_history, views_import

app_name = "web"

urlpatterns = [
    path("", views.front_page, name="front"),
    path("plan/<slug:key>/", views.plan_page, name="plan"),
    path("plan/<slug:key>/status/", views.plan_status_page, name="plan-status"),
    path("maal/<slug:key>/", views.goal_page, name="goal"),
    *views_editing.urlpatterns,
    *views_cycle.urlpatterns,
    *views_history.urlpatterns,
    *views_import.urlpatterns,
]
