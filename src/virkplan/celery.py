"""The task queue: Celery, configured from Django's settings (the CELERY_* names in settings.py).

With CELERY_BROKER_URL set (redis://127.0.0.1:6379/0), tasks go to the broker and a worker
runs them (`celery -A virkplan worker`, docs/operations.md); without it they run in the
process that queues them, so `make run` needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings")

app = Celery("virkplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
