"""Benchmark: the API's answers for the demo plans and the demo ten times over.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_api.py`). It uses a throw-away
SQLite database (or DATABASE_URL) and prints a Markdown table for docs/performance.md:
median time of each operation through Django's test client, its size and its SQL queries.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")
_tmp = tempfile.mkdtemp(prefix="virkplan-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(_tmp) / 'bench.sqlite3'}")
# The benchmark measures the work, not the limits.
os.environ["VIRKPLAN_API_RATE_TOKEN"] = "1000000/minute"  # noqa: S105 - a rate, not a secret
os.environ["VIRKPLAN_API_RATE_ANONYMOUS"] = "1000000/minute"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from shared import QueryCounter, clear_plans  # noqa: E402

from virkplan.api.services import token_create  # noqa: E402
from virkplan.demo.services import scaled_demo_document  # noqa: E402
from virkplan.interchange.services import document_import  # noqa: E402
from virkplan.organisation.models import Role, RoleGrant, Unit  # noqa: E402
from virkplan.plans.selectors import SYSTEM_ACTOR  # noqa: E402

READS = [
    ("plans", "/api/v1/plans"),
    ("one plan, whole (2012–2013)", "/api/v1/plans/mtf-2012-2013"),
    ("goals, 200 a page", "/api/v1/goals?limit=200"),
    ("criteria, 200 a page", "/api/v1/criteria?limit=200"),
    ("follow-ups, 200 a page", "/api/v1/follow-ups?limit=200"),
    ("one goal", "/api/v1/goals/mtf-2012-2013-g01"),
]


def _median(action, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> None:
    call_command("migrate", verbosity=0)
    client = Client()
    user = User.objects.create_user("bench-editor")
    secret = token_create(actor=SYSTEM_ACTOR, owner=user, name="bench").secret
    headers = {"Authorization": f"Bearer {secret}"}
    rows = []
    for factor in (1, 10):
        clear_plans()
        document_import(user=SYSTEM_ACTOR, document=scaled_demo_document(factor=factor))
        RoleGrant.objects.create(
            user=user, unit=Unit.objects.get(key="albertslund"), role=Role.EDITOR
        )
        for label, url in READS:
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            size = len(response.content) / 1024
            seconds = _median(lambda url=url: client.get(url, headers=headers))
            rows.append((f"{label}, demo ×{factor}", seconds, f"{size:.0f} KiB", queries.count))
        etag = client.get(READS[1][1], headers=headers)["ETag"]
        seconds = _median(
            lambda etag=etag: client.get(READS[1][1], headers={**headers, "If-None-Match": etag})
        )
        rows.append((f"one plan, unchanged (304), demo ×{factor}", seconds, "0 KiB", "–"))
        body = json.dumps({"goal": "mtf-2012-2013-g01", "status": "met", "text": "Nået."})
        seconds = _median(
            lambda body=body: client.post(
                "/api/v1/follow-ups", body, content_type="application/json", headers=headers
            )
        )
        rows.append((f"write a follow-up, demo ×{factor}", seconds, "–", "–"))
    print(f"| what ({connection.vendor}) | median time | answer | SQL queries |")
    print("| --- | --- | --- | --- |")
    for label, seconds, size, queries in rows:
        print(f"| {label} | {seconds * 1000:.0f} ms | {size} | {queries} |")


if __name__ == "__main__":
    sys.exit(main())
