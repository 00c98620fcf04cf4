"""Settings for the test suite: the real settings with test-only secrets and plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("VIRKPLAN_MANIFEST_STATIC", "0")
os.environ.setdefault("VIRKPLAN_SECURE_COOKIES", "0")
# Most tests move a plan through its whole workflow as one user; the four-eyes tests
# (tests/plans/test_four_eyes.py, the permission matrices) turn the rule on themselves.
os.environ.setdefault("VIRKPLAN_FOUR_EYES", "0")

from virkplan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each test starts with empty caches (tests/conftest.py); one process, so memory will do.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "data_version": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "data-version",
    },
    "documents": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "documents",
    },
}

# Tasks run in the test's own process, whatever the environment says; the test of the real
# queue (tests/notifications/test_queue.py) points the app at Redis itself.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
VIRKPLAN_BASE_URL = "https://plan.example.dk"
