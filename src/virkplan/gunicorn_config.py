"""gunicorn's settings for virkplan, read from the environment.

    gunicorn -c python:virkplan.gunicorn_config virkplan.wsgi

docs/operations.md ("Web workers") says what each variable does and how to
choose the numbers; `make run` serves the site this way.
"""

import multiprocessing
import os


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None
    if number < 1:
        raise SystemExit(f"{name} must be at least 1, not {number}.")
    return number


bind = os.environ.get("VIRKPLAN_BIND", "127.0.0.1:8000")

# Two processes a core and one more (gunicorn's own advice): while one waits
# for the database, another draws a page.
workers = _number(
    "VIRKPLAN_WORKERS", _number("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
)

# Threads in each worker; more than one makes the workers gunicorn's gthread
# kind, so a slow request (a large PDF, an upload being read) holds one
# thread rather than a whole process.
threads = _number("VIRKPLAN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# Above the upload reader's limit (VIRKPLAN_IMPORT_TIMEOUT, 60 s), so a slow
# document is refused with a message rather than the worker being killed.
timeout = _number("VIRKPLAN_WORKER_TIMEOUT", 120)
graceful_timeout = 30

# A worker is replaced after about this many requests (the jitter keeps them
# from going all at once), giving back whatever memory it gathered.
max_requests = _number("VIRKPLAN_WORKER_MAX_REQUESTS", 1000)
max_requests_jitter = max(1, max_requests // 10)

accesslog = os.environ.get("VIRKPLAN_ACCESS_LOG", "-") or None
