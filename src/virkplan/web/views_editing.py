"""Views for editing; see web/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
