"""Benchmark: the search at Copenhagen's size, uncached.

Run against a database loaded with `virkplan load_scale_demo` (PostgreSQL through
DATABASE_URL; it refuses a database without plans), after `virkplan migrate`:

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_search.py [--repeat 5]

Each search is run `--repeat` times in a row after one warm-up: the selector alone,
and the search page through Django's test client as an anonymous reader and as a
superuser (the search page is never cached). It prints a Markdown table (hits, median
wall time of each, the page's SQL queries) for docs/performance.md. When the search
index is empty (a database loaded before the search existed) it fills it first with
`search_index_rebuild` and says how long that took. The benchmark adds one user
(bench-admin, a superuser) and changes nothing else.
"""

import argparse
import logging
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")

import django

django.setup()
# django-axes logs every sign-in of the test client at INFO.
logging.disable(logging.INFO)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from shared import QueryCounter  # noqa: E402

from virkplan.plans.models import Plan, SearchDocument  # noqa: E402
from virkplan.plans.search.indexing import search_index_rebuild  # noqa: E402
from virkplan.plans.search.selectors import SearchFilters, search  # noqa: E402

# Words of the scale set's texts (demo/scale_words.py), a compound split apart, another
# spelling, and a word in no plan.
SEARCHES: list[tuple[str, dict[str, str]]] = [
    ("borgere", {}),
    ("borgerinddragelse", {}),
    ("sygefravær", {}),
    ("skole", {}),
    ("arbejdsmiljøet", {}),
    ("trivslen blandt medarbejderne", {}),
    ("forældrebestyrelsen", {}),
    ("klimatilpasning", {}),
    ("miljo", {}),
    ("kvantecomputer", {}),
    ("borgere", {"aar": "2025"}),
    ("sygefravær", {"type": "goal"}),
    ("klimatilpasning", {"side": "40"}),
]


def _median_ms(run, repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not Plan.objects.exists():
        sys.exit("The database has no plans: load them with `virkplan load_scale_demo` first.")
    if not SearchDocument.objects.exists():
        start = time.perf_counter()
        with transaction.atomic():
            rows = search_index_rebuild()
        print(f"Indexed {rows:,} rows in {time.perf_counter() - start:.0f} s.\n")
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    anonymous, signed_in = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    signed_in.force_login(admin)
    print(f"{SearchDocument.objects.count():,} rows in the index, on {connection.vendor}.\n")
    print("| search | filters | hits | selector | page, anonymous | page, superuser | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for query, filters in SEARCHES:
        narrowed = SearchFilters(
            year=int(filters["aar"]) if "aar" in filters else None, kind=filters.get("type", "")
        )
        side = filters.get("side", "1")

        def selector_run(q=query, f=narrowed, p=side):
            return search(user=None, query=q, filters=f, page_number=p)

        found = selector_run()
        hits = found.page.paginator.count if found.page is not None else 0
        shown = f"more than {hits:,}" if found.more else f"{hits:,}"
        params = {"q": query, **filters}
        selector = _median_ms(selector_run, args.repeat)
        pages = [
            _median_ms(lambda c=client, p=params: c.get("/soeg/", p), args.repeat)
            for client in (anonymous, signed_in)
        ]
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            assert anonymous.get("/soeg/", params).status_code == 200
        named = ", ".join(f"{k}={v}" for k, v in filters.items())
        print(
            f"| {query} | {named} | {shown} | {selector:.0f} ms | {pages[0]:.0f} ms "
            f"| {pages[1]:.0f} ms | {counter.count} |"
        )


if __name__ == "__main__":
    main()
