"""The notices' work for the task queue (virkplan/celery.py): mailing them."""

import logging
import smtplib
from typing import Any

from virkplan.celery import app

from .reminders import reminders_send
from .services import notification_mail_send, pending_mail_ids

logger = logging.getLogger(__name__)


@app.task(bind=True, max_retries=8)
def send_notification_mail(self: Any, notification_id: int, retry: bool = True) -> bool:
    """Mail one notice (at most once, however often the task runs).

    A mail server that is away or refuses is tried again by the worker, waiting longer each
    time (one minute, two, four, ... an hour), for about three hours; then the sweep below
    tries once each time it runs. Run in the process (no broker) it is not tried again there
    and then: the page that queued it would wait.
    """
    try:
        return notification_mail_send(notification_id=notification_id)
    except (OSError, smtplib.SMTPException) as exc:
        if self.request.is_eager or not retry:
            logger.warning("Notification %s was not mailed: %s", notification_id, exc)
            return False
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc


@app.task
def send_pending_notification_mails() -> int:
    """Try once more each mail that is due but was never sent (celery beat runs this)."""
    pending = pending_mail_ids()
    for notification_id in pending:
        send_notification_mail.delay(notification_id, retry=False)
    return len(pending)


@app.task
def send_reminders() -> int:
    """The yearly cycle's reminders and (on Mondays) the weekly digest for today (celery beat
    runs this each morning; `virkplan send_reminders` does the same by hand)."""
    from django.utils import timezone

    return len(reminders_send(on=timezone.localdate()).made)
