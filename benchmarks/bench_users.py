"""Fifty people at once on the site, over HTTP, as locust simulates them.

Run with `make load-test` (it installs locust in .venv-locust from benchmarks/locust.lock).
With DATABASE_URL set, it uses that database as it is, such as the Copenhagen-size set from
`virkplan load_scale_demo` on PostgreSQL; without, a throw-away SQLite database with the demo.
It gives editor roles on draft plans to a few benchmark users (made if missing, their password
set anew), writes the addresses to read and the goals to save to a JSON file, starts gunicorn
with virkplan's settings (virkplan.gunicorn_config), runs benchmarks/locustfile.py headless
and prints a Markdown table for docs/performance.md: requests, failures, median, 95th and
99th percentile and requests a second for each kind of request.

    --users 50 --minutes 5            how many people, for how long
    --workers 5 --threads 1           gunicorn's VIRKPLAN_WORKERS and VIRKPLAN_THREADS
    --cache-url redis://127.0.0.1:6379/15   the cache in Redis, as in production
"""

import argparse
import csv
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from serving import HOST, run, site_environment

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
LOCUST = HERE.parent / ".venv-locust" / "bin" / "locust"
EDITOR_PREFIX = "belastning-redaktoer-"
SAMPLE = 500


def main() -> None:
    options = _options()
    if options.prepare:
        _prepare(Path(options.prepare), options.editors)
        return
    if not LOCUST.exists():
        sys.exit(f"{LOCUST} is missing: `make load-test` installs it")
    var = Path(tempfile.mkdtemp(prefix="virkplan-bench-users-"))
    env = site_environment(
        var,
        cache_url=options.cache_url,
        VIRKPLAN_BIND=f"{HOST}:{options.port}",
        VIRKPLAN_WORKERS=str(options.workers),
        VIRKPLAN_THREADS=str(options.threads),
        VIRKPLAN_ACCESS_LOG="",
    )
    if "DATABASE_URL" not in env:
        run([str(BIN / "virkplan"), "migrate", "--noinput", "-v0"], env)
        run([str(BIN / "virkplan"), "load_demo"], env)
    run([str(BIN / "virkplan"), "collectstatic", "--noinput", "-v0"], env)
    targets = var / "targets.json"
    run([sys.executable, __file__, "--prepare", str(targets), "--editors", "10"], env)
    site = f"http://{HOST}:{options.port}"
    with _server(env, options):
        command = [str(LOCUST), "-f", str(HERE / "locustfile.py"), "--headless"]
        command += ["--users", str(options.users), "--spawn-rate", str(options.spawn_rate)]
        command += ["--run-time", f"{round(options.minutes * 60)}s", "--host", site]
        command += ["--only-summary"]
        command += ["--csv", str(var / "locust"), "--loglevel", "WARNING"]
        subprocess.run(  # noqa: S603 - our own tools
            command, env={**env, "VIRKPLAN_LOAD_TARGETS": str(targets)}, check=False
        )
    _print(var / "locust_stats.csv", options)
    shutil.rmtree(var, ignore_errors=True)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads in each worker")
    parser.add_argument("--cache-url", default="", help="VIRKPLAN_CACHE_URL for the server")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--prepare", default="", help=argparse.SUPPRESS)
    parser.add_argument("--editors", type=int, default=10, help=argparse.SUPPRESS)
    return parser.parse_args()


def _prepare(out: Path, editors: int) -> None:
    """Editors for draft plans and the addresses to read, written to `out` as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from virkplan.organisation.models import Role
    from virkplan.organisation.permissions import SYSTEM_ACTOR
    from virkplan.organisation.services import role_grant
    from virkplan.plans.models import Goal, Plan, PlanStatus
    from virkplan.plans.services import plan_start_revision

    rng = random.Random(2026)  # noqa: S311 - a repeatable sample, not a secret
    published = list(Plan.objects.filter(status=PlanStatus.PUBLISHED).values_list("key", flat=True))
    plans = rng.sample(published, min(SAMPLE, len(published)))
    goal_keys = list(
        Goal.objects.filter(plan_focus_area__plan__key__in=plans).values_list("key", flat=True)
    )
    goals = rng.sample(goal_keys, min(SAMPLE, len(goal_keys)))
    drafts = list(
        Plan.objects.filter(status=PlanStatus.DRAFT)
        .select_related("unit")
        .order_by("-start_year", "key")[:editors]
    )
    if not drafts:  # the demo: revisions of its published plans, as an editor would start them
        drafts = [
            plan_start_revision(user=SYSTEM_ACTOR, plan=plan)
            for plan in Plan.objects.filter(status=PlanStatus.PUBLISHED)[:editors]
        ]
    password = secrets.token_urlsafe(16)
    people = []
    for number, plan in enumerate(drafts, start=1):
        username = f"{EDITOR_PREFIX}{number}"
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = get_user_model().objects.create_user(username=username)
        user.set_password(password)
        user.save(update_fields=["password"])
        role_grant(actor=SYSTEM_ACTOR, username=username, role=Role.EDITOR, unit=plan.unit)
        keys = Goal.objects.filter(plan_focus_area__plan=plan).values_list("key", flat=True)
        people.append(
            {
                "username": username,
                "password": password,
                "edit_page": f"/plan/{plan.key}/rediger/",
                "goals": list(keys[:50]),
            }
        )
    if not people or not plans:
        sys.exit("The database needs published plans and draft plans with goals.")
    out.write_text(
        json.dumps(
            {
                "plans": [f"/plan/{key}/" for key in plans],
                "status_pages": [f"/plan/{key}/status/" for key in plans],
                "goals": [f"/maal/{key}/" for key in goals],
                "editors": people,
            }
        ),
        encoding="utf-8",
    )


class _server:
    """gunicorn with virkplan's settings, on its own port, until the block ends."""

    def __init__(self, env: dict[str, str], options: argparse.Namespace) -> None:
        self.env, self.site = env, f"http://{HOST}:{options.port}/"

    def __enter__(self) -> None:
        command = [str(BIN / "gunicorn"), "-c", "python:virkplan.gunicorn_config"]
        self.process = subprocess.Popen(  # noqa: S603
            [*command, "virkplan.wsgi"], env=self.env, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.site, timeout=60):  # noqa: S310 - our own server
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def _print(stats: Path, options: argparse.Namespace) -> None:
    print(
        f"\n{options.users} users for {options.minutes:g} min, {options.workers} workers "
        f"× {options.threads} threads, cache: {options.cache_url or 'local memory'}\n"
    )
    print("| request | requests | failures | median | 95 % | 99 % | req/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with stats.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            print(
                f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
                f"| {row['50%']} ms | {row['95%']} ms | {row['99%']} ms "
                f"| {float(row['Requests/s']):.1f} |"
            )


if __name__ == "__main__":
    main()
