"""WSGI entry point for gunicorn."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings")

application = get_wsgi_application()

# A server that would answer every request with 400 does not start: it says why.
if not settings.DEBUG and not settings.ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when VIRKPLAN_DEBUG is off.")
