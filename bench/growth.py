"""Filling the tables of a running installation to a given size, so the same figures can be taken at
1,000 and at 100,000 rows: each table that grows with use gets copies of a row it already holds, with new
values wherever a key or a unique index needs them.
"""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

# The tables that grow with every application, event and notification, per service database.
GROWING = {
    "application": ("applications", "outbox", "audit_trail"),
    "notifications": ("work_items", "inbox_entries", "inbox"),
}
# Copies that must differ from their template beyond their keys: older applications, already withdrawn,
# so the one-open-application-per-area rule does not apply to them.
SET = {"applications": {"status": "withdrawn"}}
# Numbers a table's rows take from a counter of the application's own rather than from a sequence:
# (table, column) -> (counter table, its value column). The counter is moved past the copies' numbers.
COUNTED = {("inbox_entries", "seq"): ("inbox_sequence", "value")}
BATCH = 5000


async def grow(database_urls: dict[str, str], rows: int) -> dict[str, int]:
    """Answers how many rows each growing table holds now (a table still empty has no row to copy and is
    left out)."""
    sizes = {}
    for service, tables in GROWING.items():
        engine = create_async_engine(database_urls[service])
        try:
            async with engine.begin() as conn:
                for table in tables:
                    if (size := await _fill(conn, table, rows)) is not None:
                        sizes[table] = size
        finally:
            await engine.dispose()
    return sizes


async def _fill(conn: AsyncConnection, name: str, rows: int) -> int | None:
    table, keyed = await conn.run_sync(_reflect, name)
    have = (await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one()
    template = (await conn.execute(sa.select(table).limit(1))).mappings().first()
    if template is None:
        return None
    if have >= rows:
        return int(have)
    numbers = {
        column: int((await conn.execute(sa.select(sa.func.max(table.c[column])))).scalar_one() or 0)
        for column in keyed
        if _is_integer(table.c[column])
    }
    for first in range(have, rows, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, rows)):
            row: dict[str, Any] = {**template, **SET.get(name, {})}
            for column in keyed:
                row[column] = numbers[column] + n + 1 if column in numbers else str(uuid.uuid4())
            batch.append(row)
        await conn.execute(sa.insert(table), batch)
    if conn.dialect.name == "postgresql":
        # The planner's statistics as autovacuum keeps them for a table that grew over months, not the
        # handful of rows it saw before this bulk insert.
        await conn.execute(sa.text(f'ANALYZE "{table.name}"'))
    for column in numbers:
        await _follow_sequence(conn, table, column)
        if (name, column) in COUNTED:
            await _follow_counter(conn, table, column, *COUNTED[name, column])
    return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


def _reflect(sync_conn: sa.Connection, name: str) -> tuple[sa.Table, set[str]]:
    table = sa.Table(name, sa.MetaData(), autoload_with=sync_conn)
    keyed = {column.name for column in table.primary_key.columns}
    inspector = sa.inspect(sync_conn)
    uniques: list[list[Any]] = [i["column_names"] for i in inspector.get_indexes(name) if i.get("unique")]
    uniques += [c["column_names"] for c in inspector.get_unique_constraints(name)]
    referring = {c for fk in inspector.get_foreign_keys(name) for c in fk["constrained_columns"]}
    for columns in uniques:
        # One new value per unique key is enough: an id of the row's own (an event's, say), never one that
        # refers to another table's row.
        names = [str(c) for c in columns if c is not None and c not in referring]
        if names:
            keyed.add(next((c for c in names if c.endswith("id")), names[-1]))
    return table, keyed


async def _follow_sequence(conn: AsyncConnection, table: sa.Table, column: str) -> None:
    """On PostgreSQL, moves a serial column's sequence past the numbers written here by hand, or the
    application's next insert would be given one of them (and fail on the key)."""
    if conn.dialect.name != "postgresql":
        return
    sequence = sa.func.pg_get_serial_sequence(table.name, column)
    highest = sa.select(sa.func.max(table.c[column])).scalar_subquery()
    await conn.execute(sa.select(sa.func.setval(sequence, highest)).where(sequence.is_not(None)))


async def _follow_counter(
    conn: AsyncConnection, table: sa.Table, column: str, counter_name: str, value: str
) -> None:
    counter = await conn.run_sync(lambda sync: sa.Table(counter_name, sa.MetaData(), autoload_with=sync))
    highest = sa.select(sa.func.max(table.c[column])).scalar_subquery()
    await conn.execute(sa.update(counter).values({value: highest}))


def _is_integer(column: sa.Column[Any]) -> bool:
    return isinstance(column.type, sa.Integer)
