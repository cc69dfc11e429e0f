"""Async engine and sessions for one service's own database (SQLite file or PostgreSQL)."""

import asyncio
import contextlib
import functools
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SessionFactory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Timeouts:
    """How long a database may keep a caller waiting (settings `DATABASE_*_TIMEOUT_S`): past these, a request
    is told the database is unavailable instead of hanging with it."""

    connect_s: float = 3
    pool_s: float = 3
    statement_s: float = 10


DEFAULT_TIMEOUTS = Timeouts()
# PostgreSQL connections a process keeps per service (setting `DATABASE_POOL_SIZE`).
DEFAULT_POOL_SIZE = 20
# Opened beyond the pool for a burst, and closed when they come back.
_POOL_OVERFLOW = 10

# What a database that is down, unreachable or too slow raises, through SQLAlchemy and asyncpg: the HTTP
# layer answers these with 503 rather than 500.
UNAVAILABLE: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    TimeoutError,
    ConnectionError,
    OSError,
)


def create_engine(
    url: str, timeouts: Timeouts = DEFAULT_TIMEOUTS, pool_size: int = DEFAULT_POOL_SIZE
) -> AsyncEngine:
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    # The pool is sized to the requests a process serves at once: a connection over the pool's size is
    # opened for one request and closed after it, and under steady load that churn (a connect, and the
    # statements prepared again on the new connection) cost a fifth of a read's time.
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=_POOL_OVERFLOW,
        pool_timeout=timeouts.pool_s,
        connect_args={
            "timeout": timeouts.connect_s,
            # The client gives up on a statement that gets no answer (a network that swallows packets); the
            # server ends one that runs too long, so neither side waits on the other for ever.
            "command_timeout": timeouts.statement_s,
            "server_settings": {"statement_timeout": str(int(timeouts.statement_s * 1000))},
        },
    )


def _ensure_sqlite_folder(url: str) -> None:
    from pathlib import Path

    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN is switched off so that _sqlite_begin decides how a transaction starts.
    dbapi_conn.isolation_level = None
    # WAL lets readers run beside the one writer; busy_timeout makes a second writer wait instead of failing.
    cursor = dbapi_conn.cursor()
    for pragma in (
        "PRAGMA foreign_keys=ON",
        "PRAGMA journal_mode=WAL",
        "PRAGMA busy_timeout=10000",
        "PRAGMA synchronous=NORMAL",
    ):
        cursor.execute(pragma)
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # A writing transaction takes the write lock up front: a deferred one that read first fails at once
    # (SQLITE_BUSY_SNAPSHOT, which busy_timeout cannot wait out) when another writer committed meanwhile.
    # A read session (session_factory) begins nothing.
    options = conn.get_execution_options()
    if options.get("statement_snapshots"):
        return
    mode = "IMMEDIATE" if options.get("writes") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def enum_column(enum: type[StrEnum]) -> sa.Enum:
    """A StrEnum stored by value in a VARCHAR: readable rows, and a new member needs no ALTER TYPE."""
    return sa.Enum(enum, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


def read_bind(engine: AsyncEngine) -> AsyncEngine:
    """The engine as reads use it: each statement on its own, outside any transaction. For sessions
    (`session_factory`) and for connections of read-only routes that want no ORM objects."""
    if engine.dialect.name == "postgresql":
        # A read needs no transaction there: under READ COMMITTED each statement has its own snapshot
        # either way, and BEGIN and ROLLBACK would be two of a short read's three round trips.
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    # The same on SQLite, where the driver runs a statement outside BEGIN in a transaction of its own;
    # its autocommit isolation level would instead cost two more calls to the driver's thread.
    return engine.execution_options(statement_snapshots=True)


def session_factory(engine: AsyncEngine, *, writes: bool = False) -> SessionFactory:
    """Sessions for reading, or (writes=True) for units of work that change state."""
    bind = engine.execution_options(writes=True) if writes else read_bind(engine)
    return async_sessionmaker(bind, class_=AsyncSession, expire_on_commit=False)


class DriverRead:
    """A read-only statement run on the database driver's own connection (asyncpg or aiosqlite), for the
    hottest reads: SQLAlchemy's execution (the statement's cache key, execution context, cursor and result
    wrappers) cost twice the driver's own work for a lookup by key. The statement is compiled once per
    dialect, and its values are converted with the processors SQLAlchemy itself applies to those columns,
    so the rows hold what `connection.execute` would give.

    A statement the driver fails is run again through SQLAlchemy on the same connection, which answers
    or raises as every other statement does: a lost connection is discarded with the pool's older ones
    and raised as a `DBAPIError` (see shared/http/reconnect.py), a slow database as `OperationalError`."""

    def __init__(self, statement: sa.Select[Any]) -> None:
        self._statement = statement
        self._compiled: dict[str, tuple[sa.engine.Compiled, list[Any]]] = {}

    def _for(self, dialect: sa.Dialect) -> tuple[sa.engine.Compiled, list[Any]]:
        if (known := self._compiled.get(dialect.name)) is None:
            processors = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self._statement.selected_columns
            ]
            known = self._compiled[dialect.name] = (self._statement.compile(dialect=dialect), processors)
        return known

    async def all(self, connection: AsyncConnection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        compiled, processors = self._for(connection.dialect)
        expanded = compiled.construct_expanded_state(params)  # type: ignore[attr-defined]
        convert = expanded.processors
        values = [
            convert[name](expanded.parameters[name]) if name in convert else expanded.parameters[name]
            for name in expanded.positiontup
        ]
        driver: Any = (await connection.get_raw_connection()).driver_connection
        try:
            if connection.dialect.name == "postgresql":
                records = await driver.fetch(expanded.statement, *values)
            else:
                records = await driver.execute_fetchall(expanded.statement, values)
        except Exception:  # SQLAlchemy's run says what went wrong, as it does for every statement
            return [tuple(row) for row in (await connection.execute(self._statement, params)).all()]
        return [
            tuple(
                value if process is None else process(value)
                for process, value in zip(processors, record, strict=True)
            )
            for record in records
        ]


def insert_ignoring_conflicts(session: AsyncSession, table: sa.Table, *returning: sa.Column[Any]) -> Any:
    """An INSERT that skips rows whose key exists (the dialect-specific ON CONFLICT DO NOTHING), answering
    `returning` of the rows it wrote. Built once per dialect, so that it costs no CPU each time it runs."""
    return _insert_ignoring_conflicts(session.get_bind().dialect.name, table, returning)


@functools.cache
def _insert_ignoring_conflicts(dialect: str, table: sa.Table, returning: tuple[sa.Column[Any], ...]) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).on_conflict_do_nothing()
    return statement.returning(*returning) if returning else statement


def is_duplicate(exc: IntegrityError, table: str, *columns: str) -> bool:
    """Whether `exc` is the unique key on `table`'s `columns` refusing a second row, rather than some other
    constraint failing: a caller that turns a duplicate into a 409 must not turn every failure into one.
    PostgreSQL names the key's columns in its detail, SQLite in its message."""
    cause = exc.orig.__cause__ if exc.orig is not None else None
    detail = getattr(cause, "detail", None)
    if isinstance(detail, str):
        return getattr(cause, "table_name", None) == table and detail.startswith(
            f"Key ({', '.join(columns)})="
        )
    return f"UNIQUE constraint failed: {', '.join(f'{table}.{c}' for c in columns)}" in str(exc.orig)


def is_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(sa.text("SELECT 1"))


_LOCK_POLL_S = 0.5


@contextlib.asynccontextmanager
async def exclusive(engine: AsyncEngine, name: str) -> AsyncIterator[None]:
    """Holds a PostgreSQL advisory lock named `name` for the block, waiting for it, so that one process at a
    time does the block. SQLite needs no lock: its writers are serialised by BEGIN IMMEDIATE, and the
    callers' unique keys do the rest."""
    if engine.dialect.name != "postgresql":
        yield
        return
    key = _lock_key(name)
    async with engine.connect() as conn:
        # Polled rather than waited for in one statement, which the statement timeout would end.
        while True:
            if await _try_lock(conn, key):
                break
            await asyncio.sleep(_LOCK_POLL_S)
        try:
            yield
        finally:
            await _unlock(conn, key)


@contextlib.asynccontextmanager
async def exclusive_or_skip(engine: AsyncEngine, name: str) -> AsyncIterator[bool]:
    """Like `exclusive`, but without waiting: yields False when another process holds the lock, for work
    that one process does on behalf of all and that the holder is doing already. Always True on SQLite."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = _lock_key(name)
    async with engine.connect() as conn:
        held = await _try_lock(conn, key)
        try:
            yield held
        finally:
            if held:
                await _unlock(conn, key)


async def _try_lock(conn: AsyncConnection, key: int) -> bool:
    held = bool((await conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key})).scalar())
    await conn.commit()
    return held


async def _unlock(conn: AsyncConnection, key: int) -> None:
    await conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    await conn.commit()


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
