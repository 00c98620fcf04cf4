"""URL configuration: the staff site, the admin, language switching and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from virkplan.api.api import api
from virkplan.api.views import api_not_found

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _form(title: StrOrPromise, submit: StrOrPromise) -> dict:
    return {"page_title": title, "submit_label": submit}


def _message(
    title: StrOrPromise, message: StrOrPromise, link_url: str, link_label: StrOrPromise
) -> dict:
    return {"page_title": title, "message": message, "link_url": link_url, "link_label": link_label}


account = [
    path(
        "log-ind/",
        auth_views.LoginView.as_view(
            extra_context={
                **_form(_("Sign in"), _("Sign in")),
                "oidc_enabled": settings.OIDC_ENABLED,
            }
        ),
        name="login",
    ),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "adgangskode/",
        auth_views.PasswordChangeView.as_view(
            extra_context=_form(_("Change password"), _("Change password"))
        ),
        name="password_change",
    ),
    path(
        "adgangskode/skiftet/",
        auth_views.PasswordChangeDoneView.as_view(
            extra_context=_message(
                _("Password changed"),
                _("Your password has been changed."),
                "web:front",
                _("Go to the front page"),
            )
        ),
        name="password_change_done",
    ),
    path(
        "glemt/",
        auth_views.PasswordResetView.as_view(
            extra_context=_form(_("Forgot your password?"), _("Send me a link"))
        ),
        name="password_reset",
    ),
    path(
        "glemt/sendt/",
        auth_views.PasswordResetDoneView.as_view(
            extra_context=_message(
                _("Check your e-mail"),
                _(
                    "If the address belongs to a user of virkplan, we have sent a link to set "
                    "a new password. It works for a few days."
                ),
                "login",
                _("Back to sign in"),
            )
        ),
        name="password_reset_done",
    ),
    path(
        "nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            extra_context=_form(_("Choose a new password"), _("Save the new password"))
        ),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(
            extra_context=_message(
                _("New password saved"),
                _("Your new password is saved. You can sign in with it now."),
                "login",
                _("Sign in"),
            )
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # Choosing a language is harmless, so its form carries no token: pages for anonymous
    # readers then set no cookie and can be cached whole (web.caching).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("konto/", include(account)),
    path("konto/api-noegler/", include("virkplan.api.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    path("", include("virkplan.reports.urls")),
    path("", include("virkplan.web.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "virkplan.web.views.errors.bad_request"
handler403 = "virkplan.web.views.errors.permission_denied"
handler404 = "virkplan.web.views.errors.page_not_found"
handler500 = "virkplan.web.views.errors.server_error"
