"""Settings for the test suite: the real settings with test-only secrets and plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("VIRKPLAN_MANIFEST_STATIC", "0")
os.environ.setdefault("VIRKPLAN_SECURE_COOKIES", "0")

from virkplan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
