"""An e-mail backend for a site with no mail server: it sends nothing and says so in the log."""

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class UnconfiguredEmailBackend(BaseEmailBackend):
    """Drop every message, logging that mail is not set up but never the message itself.

    Production without EMAIL_HOST uses this instead of the console backend, which would
    write password-reset links (a way into any account) to the server's log.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if email_messages:
            logger.warning(
                "E-mail is not configured (EMAIL_HOST is not set): %d message(s) not sent.",
                len(email_messages),
            )
        return 0
