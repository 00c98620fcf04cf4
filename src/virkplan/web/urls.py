from django.urls import path

from .views import (
    about,
    citizens,
    comments,
    cycle,
    editing,
    focus_areas,
    history,
    importing,
    indicators,
    notifications,
    open_data,
    overview,
    projects,
    reading,
    search,
    settings,
    wheel,
)

app_name = "web"

urlpatterns = [
    path("", reading.front_page, name="front"),
    path("enhed/<slug:key>/", reading.unit_page, name="unit"),
    path("plan/<slug:key>/", reading.plan_page, name="plan"),
    path("plan/<slug:key>/status/", reading.plan_status_page, name="plan-status"),
    path("maal/<slug:key>/", reading.goal_page, name="goal"),
    *editing.urlpatterns,
    *cycle.urlpatterns,
    *history.urlpatterns,
    *importing.urlpatterns,
    *search.urlpatterns,
    *citizens.urlpatterns,
    *focus_areas.urlpatterns,
    *overview.urlpatterns,
    *notifications.urlpatterns,
    *open_data.urlpatterns,
    *about.urlpatterns,
    *wheel.urlpatterns,
    *comments.urlpatterns,
    *settings.urlpatterns,
    *projects.urlpatterns,
    *indicators.urlpatterns,
]
