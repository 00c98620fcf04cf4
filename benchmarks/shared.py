"""What the benchmarks share: counting queries, and emptying the throw-away database.

Imported by the benchmark scripts after django.setup(), from this folder.
"""

from virkplan.organisation.models import Unit
from virkplan.plans.models import FocusArea, Plan


class QueryCounter:
    """A database execute wrapper that counts the queries it lets through."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def clear_plans() -> None:
    """Every plan, focus area and unit gone, so the next import starts from an empty site."""
    Plan.objects.all().delete()
    FocusArea.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()
