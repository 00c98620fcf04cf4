"""The signed-in user's notifications, and their choice of which come by e-mail
(templates/web/notifications). A user sees and marks only their own."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from virkplan.core.errors import DomainError
from virkplan.cycle.selectors import calendar_address_of
from virkplan.notifications import selectors, services
from virkplan.notifications.models import NotificationKind
from virkplan.notifications.texts import notice_text

from ..forms.notifications import NotificationPreferenceForm
from ..http import signed_in
from .wheel import new_calendar_address

NOTIFICATIONS_PER_PAGE = 25


@signed_in
def notifications_page(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread ones marked; `?side=2` pages on."""
    paginator = Paginator(selectors.notifications_of(user=request.user), NOTIFICATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("side"))
    notices = [(notification, notice_text(notification)) for notification in page]
    unread = any(notification.read_at is None for notification, _text in notices)
    context = {"page": page, "notices": notices, "any_unread": unread}
    return render(request, "web/notifications/list.html", context)


@signed_in
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read; another user's is not found."""
    notification = get_object_or_404(selectors.notifications_of(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return redirect("web:notifications")


@signed_in
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all the user's notifications read."""
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("web:notifications")


@signed_in
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Choose which kinds of notification come by e-mail, and the e-mails' language; and the
    secret address of one's deadlines for a calendar program (a new one shown once)."""
    preference = selectors.preference_of(user=request.user)
    initial = {
        "emailed_kinds": [kind for kind in NotificationKind.values if preference.emails(kind)],
        "language": preference.language,
    }
    form = NotificationPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preference_update(
                user=request.user,
                emailed_kinds=form.cleaned_data["emailed_kinds"],
                language=form.cleaned_data["language"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your choice of e-mails is saved."))
            return redirect("web:notification-preferences")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "has_email": bool(getattr(request.user, "email", "")),
        "calendar_address": calendar_address_of(user=request.user),
        "new_calendar_address": new_calendar_address(request),
    }
    return render(request, "web/notifications/preferences.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("notifikationer/", notifications_page, name="notifications"),
    path("notifikationer/<int:pk>/laest/", notification_read, name="notification-read"),
    path("notifikationer/alle-laest/", notifications_read_all, name="notifications-read-all"),
    path(
        "notifikationer/indstillinger/",
        notification_preferences,
        name="notification-preferences",
    ),
]
