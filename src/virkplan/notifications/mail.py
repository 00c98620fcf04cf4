"""A notice as an e-mail: in the recipient's language, as plain text and HTML, with full links."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .models import Notification
from .selectors import preference_of
from .texts import notice_text, person


def absolute(path: str) -> str:
    """The address of a page of the site, for a mail read far from it (VIRKPLAN_BASE_URL)."""
    return settings.VIRKPLAN_BASE_URL + path


def notice_mail(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for a notice, to its recipient's address, in the language they chose."""
    recipient = notification.recipient
    language = preference_of(user=recipient).language
    with translation.override(language):
        text = notice_text(notification)
        context = {
            "language": language,
            "recipient": person(recipient),
            "notice": text,
            "unit": _unit_name(notification),
            "url": absolute(text.path),
            "list_url": absolute(reverse("web:notifications")),
            "preferences_url": absolute(reverse("web:notification-preferences")),
        }
        subject = gettext("virkplan: %(headline)s") % {"headline": text.headline}
        body = render_to_string("notifications/mail/notice.txt", context)
        html = render_to_string("notifications/mail/notice.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def _unit_name(notification: Notification) -> str:
    if notification.unit is not None:
        return notification.unit.name
    return notification.plan.unit.name if notification.plan is not None else ""
