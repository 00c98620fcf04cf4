"""The task queue's configuration: in the process without a broker, Redis when one is named."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from virkplan.celery import app

SRC = Path(__file__).resolve().parents[2] / "src"


def _queue_settings(**environment: str) -> dict:
    """The queue's settings as the site (not the tests) reads them from this environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DJANGO_SETTINGS"))
    }
    env |= {"PYTHONPATH": str(SRC), "VIRKPLAN_DEBUG": "1", **environment}
    code = (
        "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'virkplan.settings';"
        "django.setup(); from virkplan.celery import app;"
        "print(json.dumps({'eager': app.conf.task_always_eager, 'broker': app.conf.broker_url,"
        " 'queue': app.conf.task_default_queue}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_broker_tasks_run_in_the_process_and_reach_for_no_network():
    assert _queue_settings() == {"eager": True, "broker": "memory://", "queue": "virkplan"}


def test_a_named_broker_sends_the_tasks_to_it():
    found = _queue_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert found == {"eager": False, "broker": "redis://127.0.0.1:6379/0", "queue": "virkplan"}


def test_beats_schedule_names_tasks_the_workers_know():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
