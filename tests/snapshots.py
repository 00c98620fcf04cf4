"""Plans loaded once per test session and copied into each test's transaction.

Loading the demo through the import services takes most of a second, the demo ten
times over several seconds; hundreds of tests start from one of them. The session
loads each once, through the services, inside a transaction that is rolled back, and
keeps the rows it wrote; each test that asks for it gets those rows inserted as they
were (same keys, same history, same workflow events), which is the same database state
at a fraction of the cost.
"""

import pickle
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from virkplan.interchange.services import ImportResult
from virkplan.plans.models import Plan


@dataclass(frozen=True)
class TableRows:
    model: type[models.Model]
    fields: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def insert(self) -> None:
        """Insert the rows as they were, with one prepared statement; values are made ready for
        the database once, so each test pays only for the insert itself."""
        with connection.cursor() as cursor:
            cursor.executemany(self.statement, self.prepared)

    @cached_property
    def statement(self) -> str:
        quote = connection.ops.quote_name
        columns = [self.model._meta.get_field(name).column for name in self.fields]
        return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - the model's own names
            quote(self.model._meta.db_table),
            ", ".join(quote(column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )

    @cached_property
    def prepared(self) -> list[tuple[Any, ...]]:
        fields = [_field(self.model, name) for name in self.fields]
        return [
            tuple(
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, row, strict=True)
            )
            for row in self.rows
        ]


def _field(model: type[models.Model], attname: str) -> models.Field:
    return next(field for field in model._meta.concrete_fields if field.attname == attname)


@dataclass(frozen=True)
class Snapshot:
    result: Any
    tables: tuple[TableRows, ...]

    @cached_property
    def pickled_result(self) -> bytes:
        """What `load` returned, pickled once: unpickling it gives each test its own copy for a
        fraction of what `copy.deepcopy` of the same model objects costs."""
        return pickle.dumps(self.result, protocol=pickle.HIGHEST_PROTOCOL)


def _every_model() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(model: type[models.Model]) -> dict[Any, tuple[Any, ...]]:
    fields = tuple(field.attname for field in model._meta.concrete_fields)
    return {row[0]: row for row in model._base_manager.values_list("pk", *fields)}


class _RollBack(Exception):
    pass


def snapshot_take(load: Callable[[], Any]) -> Snapshot:
    """Load plans through the services with `load`, note the rows it wrote, and roll it back."""
    tables: list[TableRows] = []
    result: Any = None
    before = {model: set(_rows(model)) for model in _every_model()}
    try:
        with transaction.atomic():
            result = load()
            assert result is not None, "the plans load into an empty database"
            for model, known in before.items():
                fields = tuple(field.attname for field in model._meta.concrete_fields)
                new = tuple(row[1:] for pk, row in _rows(model).items() if pk not in known)
                if new:
                    tables.append(TableRows(model, fields, new))
            raise _RollBack
    except _RollBack:
        pass
    assert result is not None
    return Snapshot(result=result, tables=tuple(tables))


def snapshot_take_on(base: Snapshot, load: Callable[[], Any]) -> Snapshot:
    """What `load` adds to the rows of `base`: taken with the base's rows in, and rolled back
    with them. Restored on top of the base, it gives the state `load` left."""
    with transaction.atomic():
        snapshot_restore(base)
        layer = snapshot_take(load)
        transaction.set_rollback(True)
    return layer


def snapshot_restore(snapshot: Snapshot) -> Any:
    """Insert the snapshot's rows into the current (test) transaction; a copy of what `load` gave.

    An import's result comes with its plans read again; anything else is copied (through
    pickle, as deep a copy as `copy.deepcopy`), so a test that changes the objects it was
    given leaves the next test's copy alone.
    """
    # One transaction (a savepoint inside a test's), so that the foreign keys are checked when
    # every table is in, as they are in a test's transaction; a test that commits (the live
    # server's) would otherwise check them table by table.
    with transaction.atomic():
        for table in snapshot.tables:
            table.insert()
        statements = connection.ops.sequence_reset_sql(
            no_style(), [table.model for table in snapshot.tables]
        )
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    if isinstance(snapshot.result, ImportResult):
        plans = list(Plan.objects.filter(pk__in=[plan.pk for plan in snapshot.result.plans]))
        return replace(snapshot.result, plans=plans)
    return pickle.loads(snapshot.pickled_result)  # noqa: S301 - pickled by this session
