"""The API keys page, under the account's addresses (konto/api-noegler/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.tokens_page, name="api-tokens"),
    path("<int:pk>/tilbagekald/", views.token_revoke_view, name="api-token-revoke"),
]
