"""Fast writes for large imports: COPY on PostgreSQL, executemany on SQLite."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models

BATCH = 5000


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    meta = model._meta
    columns: list[str] = []
    for name in fields:
        found = meta.get_field(name)
        assert isinstance(found, models.Field), name  # a concrete column, not a reverse relation
        columns.append(found.column or found.name)
    return columns


def rows_insert(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    table = model._meta.db_table
    columns = _columns(model, fields)
    qn = connection.ops.quote_name
    column_list = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({column_list}) VALUES ({marks})"
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def rows_update(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Each row is (id, *values in the order of fields)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(c)} = %s" for c in _columns(model, fields))
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE id = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(*r[1:], r[0]) for r in rows[start : start + BATCH]])


@dataclass
class UpsertPlan:
    """Rows sorted into new, changed and unchanged against what is stored, keyed naturally."""

    model: type[models.Model]
    insert_fields: list[str]
    update_fields: list[str]
    to_create: list[tuple[Any, ...]] = field(default_factory=list)
    to_update: list[tuple[Any, ...]] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0

    @property
    def created(self) -> int:
        return len(self.to_create)

    @property
    def updated(self) -> int:
        return len(self.to_update)

    def write(self) -> None:
        rows_insert(self.model, self.insert_fields, self.to_create)
        rows_update(self.model, self.update_fields, self.to_update)


def upsert_plan(
    *,
    model: type[models.Model],
    insert_fields: list[str],
    update_fields: list[str],
    incoming: dict[Any, tuple[tuple[Any, ...], tuple[Any, ...]]],
    existing: Iterable[tuple[Any, int, tuple[Any, ...]]],
) -> UpsertPlan:
    """incoming: key -> (insert values, comparable update values); existing: (key, id, values)."""
    plan = UpsertPlan(model=model, insert_fields=insert_fields, update_fields=update_fields)
    stored = {key: (pk, values) for key, pk, values in existing}
    for key, (insert_values, update_values) in incoming.items():
        found = stored.get(key)
        if found is None:
            plan.to_create.append(insert_values)
        elif found[1] == update_values:
            plan.unchanged += 1
        else:
            plan.to_update.append((found[0], *update_values))
    return plan


def chunked(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
