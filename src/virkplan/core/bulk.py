"""New rows written in bulk, each with its history row, as fast as the database allows.

django-simple-history's `bulk_create_with_history` builds a history object
for every row and has Django turn each value of both into a query parameter:
loading ten years of plans spent most of its time there. On PostgreSQL the
rows' ids are reserved from their table's sequence in one query and the rows
and their history rows are sent with COPY, which psycopg writes in C. The
history rows are those `bulk_create_with_history` writes: history type "+",
every tracked field's value, the user and change reason it would record, and
the time of writing as history date. On other databases (SQLite) it is
`bulk_create_with_history` itself.

Nothing here checks the rows: the services do, before they write.
"""

import functools
import itertools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_change_reason_from_object,
    get_history_manager_for_model,
)

M = TypeVar("M", bound=models.Model)

# Field types whose Python values psycopg sends as they are; other fields' values
# (JSON, say) go through the field's own `get_db_prep_save`.
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,  # DateTimeField too
    models.DecimalField,
    models.ForeignKey,
    models.IntegerField,  # its small, big and positive kinds too
    models.TextField,
)


def new_rows(model: type[M], names: Sequence[str], values: Iterable[Sequence[Any]]) -> list[M]:
    """Unsaved rows of `model`, one for each sequence of the named fields' values (attnames,
    such as goal_id), the other fields at their defaults.

    The rows `model(**dict(zip(names, v)))` makes, built from positional
    arguments, which Django's `Model.__init__` takes in a fraction of the time
    keyword arguments take: a million follow-ups spent ten seconds there.
    """
    fields = model._meta.concrete_fields
    given = {name: n for n, name in enumerate(names)}
    # Each argument: the position of its value among the given ones, or its default.
    plan = [
        (given[f.attname], None) if f.attname in given else (None, f.get_default()) for f in fields
    ]
    called = [  # fields whose default is made anew for each row
        (n, f)
        for n, f in enumerate(fields)
        if f.attname not in given and f.has_default() and callable(f.default)
    ]
    rows = []
    for row_values in values:
        if len(row_values) != len(names):
            raise ValueError(f"{len(names)} values expected, not {len(row_values)}")
        args = [default if n is None else row_values[n] for n, default in plan]
        for n, f in called:
            args[n] = f.get_default()
        rows.append(model(*args))
    return rows


def rows_create_with_history(model: type[M], rows: list[M], *, default_user: Any) -> list[M]:
    """Insert the new `rows` of `model` and a history row for each; returns them with ids.

    `default_user` is the history user of rows that carry no `_history_user`,
    as in `bulk_create_with_history`.
    """
    if not rows:
        return rows
    if not _copies(model):
        return bulk_create_with_history(rows, model, default_user=default_user)
    with transaction.atomic(savepoint=False):
        _stamp(model, rows)
        _assign_ids(model, rows)
        fields = model._meta.concrete_fields
        _copy(model, [_column(f) for f in fields], _values(fields, rows))
        history_on = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        if history_on and not _history_from_table(model, rows, default_user=default_user):
            _history_copy(model, rows, default_user=default_user)
    return rows


def rows_update_with_history(
    model: type[M], rows: list[M], fields: Sequence[str], *, default_user: Any
) -> None:
    """Save the named fields of the stored `rows` and write a history row ("~") for each,
    as `bulk_update_with_history` does, in one UPDATE and one COPY on PostgreSQL."""
    if not rows:
        return
    pk = model._meta.pk
    assert pk is not None
    changed = [_field(model, name) for name in fields]
    ids = [getattr(row, pk.attname) for row in rows]
    if not _copies(model) or not all(_plain(f) for f in changed) or len(set(ids)) != len(ids):
        bulk_update_with_history(rows, model, list(fields), default_user=default_user)
        return
    columns = [pk, *changed]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    # The names are the model's, quoted; the values are parameters.
    statement = "UPDATE {} SET {} FROM unnest({}) AS v({}) WHERE {}.{} = v.{}".format(  # noqa: S608
        table,
        ", ".join(f"{quote(_column(f))} = v.{quote(_column(f))}" for f in changed),
        ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in columns),
        ", ".join(quote(_column(f)) for f in columns),
        table,
        quote(_column(pk)),
        quote(_column(pk)),
    )
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(statement, [[getattr(row, f.attname) for row in rows] for f in columns])
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            _history_copy(model, rows, default_user=default_user, history_type="~")


def rows_create(model: type[models.Model], fields: Sequence[str], values: list[tuple]) -> None:
    """Insert rows of `model` (such as a many-to-many table's, which keep no history) given
    as tuples of the named fields' values; the database numbers them."""
    if not values:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            model(**dict(zip(fields, v, strict=True))) for v in values
        )
        return
    _copy(model, [_column(_field(model, name)) for name in fields], values)


def _field(model: type[models.Model], name: str) -> models.Field:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def _column(field: models.Field) -> str:
    assert field.column is not None
    return field.column


def _copies(model: type[models.Model]) -> bool:
    """Whether the model's rows can be copied: PostgreSQL, and no value the database makes."""
    if connection.vendor != "postgresql":
        return False
    if hasattr(_history_model(model), "history_relation"):
        return False
    return not any(f.generated or f.has_db_default() for f in model._meta.concrete_fields)


@functools.cache
def _history_model(model: type[models.Model]) -> Any:
    """The model's history model (simple_history's manager lookup makes a class each time)."""
    return get_history_manager_for_model(model).model


def _stamp(model: type[models.Model], rows: list[Any]) -> None:
    """Give every row the time an insert gives its auto_now(_add) fields (the first row's)."""
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = f.pre_save(rows[0], add=True)
            for row in rows:
                setattr(row, f.attname, value)
    for row in rows:
        # What bulk_create checks: a related row assigned before it was saved has an id now.
        row._prepare_related_fields_for_save(operation_name="bulk_create")


_sequences: dict[str, str] = {}
"""Each table's id sequence, by table name."""


def _assign_ids(model: type[models.Model], rows: list[Any]) -> None:
    """Reserve ids for rows without one, in ascending order as inserts would number them,
    and mark the rows stored."""
    pk = model._meta.pk
    assert pk is not None
    missing = [row for row in rows if getattr(row, pk.attname) is None]
    if missing:
        for row, pk_value in zip(missing, _ids_reserve(model, len(missing)), strict=True):
            setattr(row, pk.attname, pk_value)
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias


def _ids_reserve(model: type[models.Model], count: int) -> Iterable[int]:
    """`count` new ids from the table's sequence, ascending, in one query.

    Usually they follow one another (only a concurrent insert into the same
    table comes between), so the query sends back the first and last, and
    the whole list only when there are gaps.
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        sequence = _sequences.get(table)
        if sequence is None:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
            sequence = _sequences[table] = cursor.fetchone()[0]
        # The sequence as a constant: pg_get_serial_sequence in the select list would be
        # called for every row, ten times the cost of the nextval itself.
        cursor.execute(
            "SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL"
            " ELSE array_agg(id ORDER BY id) END"
            " FROM (SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)) AS reserved",
            [sequence, count],
        )
        first, last, scattered = cursor.fetchone()
    return range(first, last + 1) if scattered is None else scattered


def _plain(field: models.Field) -> bool:
    return isinstance(field, _PLAIN) and not isinstance(field, models.JSONField)


def _values(fields: Iterable[models.Field], rows: list[Any]) -> list[tuple]:
    """Each row's values of the fields, as the database takes them."""
    getters = [f.attname if _plain(f) else f for f in fields]
    if all(isinstance(g, str) for g in getters):
        names = [g for g in getters if isinstance(g, str)]
        return [tuple([getattr(row, name) for name in names]) for row in rows]
    return [
        tuple(
            getattr(row, g)
            if isinstance(g, str)
            else g.get_db_prep_save(getattr(row, g.attname), connection)
            for g in getters
        )
        for row in rows
    ]


def _history_from_table(model: type[models.Model], rows: list[Any], *, default_user: Any) -> bool:
    """Write the new rows' history rows ("+") from the rows just inserted, in one statement,
    when they share a history user and change reason and their ids ascend; returns whether
    it did. The database copies the values it has just stored, so Python sends none."""
    history = _history_model(model)
    pk = model._meta.pk
    assert pk is not None
    ids = [getattr(row, pk.attname) for row in rows]
    if any(a >= b for a, b in itertools.pairwise(ids)):
        return False
    tails = set(_history_tails(history, rows, default_user))
    if len(tails) != 1:
        return False
    user_id, reason = tails.pop()
    quote = connection.ops.quote_name
    tracked = list(history.tracked_fields)
    extra = ["history_date", "history_user", "history_type", "history_change_reason"]
    target = [_column(_field(history, f.name)) for f in tracked] + [
        _column(_field(history, name)) for name in extra
    ]
    casts = [_field(history, name).cast_db_type(connection) for name in extra]
    if ids[-1] - ids[0] + 1 == len(ids):
        where, where_params = "{} BETWEEN %s AND %s", [ids[0], ids[-1]]
    else:
        where, where_params = "{} = ANY(%s)", [ids]
    # The names are the models', quoted; the values are parameters.
    statement = "INSERT INTO {} ({}) SELECT {}, {} FROM {} WHERE {} ORDER BY {}".format(  # noqa: S608
        quote(history._meta.db_table),
        ", ".join(quote(c) for c in target),
        ", ".join(quote(_column(f)) for f in tracked),
        ", ".join(f"%s::{cast}" for cast in casts),
        quote(model._meta.db_table),
        where.format(quote(_column(pk))),
        quote(_column(pk)),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [timezone.now(), user_id, "+", reason, *where_params])
    return True


def _history_tails(history: Any, rows: list[Any], default_user: Any) -> list[tuple[Any, Any]]:
    """Each row's history user id and change reason, as `bulk_history_create` finds them."""
    # The user simple_history records for a row without its own `_history_user` (the
    # request's, if any) does not depend on the row: look it up once.
    plain = next((row for row in rows if not hasattr(row, "_history_user")), None)
    fallback = default_user or (
        history.get_default_history_user(plain) if plain is not None else None
    )
    tails = []
    for row in rows:
        user = getattr(row, "_history_user", fallback)
        tails.append((user.pk if user is not None else None, get_change_reason_from_object(row)))
    return tails


def _history_copy(
    model: type[models.Model], rows: list[Any], *, default_user: Any, history_type: str = "+"
) -> None:
    """The history rows `bulk_history_create` would write, dated now."""
    now = timezone.now()
    history = _history_model(model)
    tracked = list(history.tracked_fields)
    user_column = history._meta.get_field("history_user").column
    tails = [
        (now, user_id, history_type, reason)
        for user_id, reason in _history_tails(history, rows, default_user)
    ]
    values = [v + t for v, t in zip(_values(tracked, rows), tails, strict=True)]
    columns = [history._meta.get_field(f.name).column for f in tracked] + [
        "history_date",
        user_column,
        "history_type",
        "history_change_reason",
    ]
    _copy(history, columns, values)


def _copy(model: type[models.Model], columns: list[str], values: list[tuple]) -> None:
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)
