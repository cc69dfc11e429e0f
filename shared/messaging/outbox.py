"""Transactional outbox: events are rows written with the state change, then relayed to the broker.

The relay publishes persistent, mandatory messages on a confirming channel and marks a row sent only
when the broker acknowledged it. A broker outage delays events; it never loses them or fails a request.

A unit of work of this process hands its rows to the relay as it commits, and while the relay is caught
up (its last read found nothing it failed to publish) it publishes them without reading them back. Rows
of other processes, and any the relay fell behind on, are read from the table, oldest first.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

import aio_pika
import sqlalchemy as sa
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection
from opentelemetry.trace import SpanKind
from prometheus_client import Counter, Gauge
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.clock import now_utc
from shared.db import SessionFactory, is_postgresql
from shared.events.envelope import CloudEvent
from shared.logging import get_logger
from shared.messaging.topology import Topology, declare_events_exchange, declare_every_service_queue
from shared.tracing import TRACEPARENT, TRACESTATE, current_context, span_continuing

log = get_logger(__name__)

# Events published per round trip to the database; large enough to keep the broker busy while the
# confirms of one batch come back, small enough that one slow batch does not hold many rows.
BATCH_SIZE = 200
PUBLISH_TIMEOUT_S = 10
MAX_BACKOFF_S = 10.0

RELAYED = Counter(
    "outbox_relayed_total", "Events the outbox relay published and the broker confirmed", ["service"]
)
RELAY_FAILURES = Counter(
    "outbox_relay_failures_total", "Failed attempts to publish an outbox event", ["service"]
)
PENDING = Gauge("outbox_pending", "Outbox events found waiting in the last relay pass", ["service"])


# A published row's body once the retention job has removed it, and the condition (written the same in
# the index and the query, so that SQLite's planner matches them) of a row that still has one.
STRIPPED = ""
HAS_BODY = "body <> ''"


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (
        sa.Index(
            "ix_outbox_unpublished",
            "seq",
            sqlite_where=sa.text("published_at IS NULL"),
            postgresql_where=sa.text("published_at IS NULL"),
        ),
        # The retention job's: published rows by age, and those of them that still have a body.
        sa.Index(
            "ix_outbox_published",
            "published_at",
            sqlite_where=sa.text("published_at IS NOT NULL"),
            postgresql_where=sa.text("published_at IS NOT NULL"),
        ),
        sa.Index(
            "ix_outbox_published_with_body",
            "published_at",
            sqlite_where=sa.text(f"published_at IS NOT NULL AND {HAS_BODY}"),
            postgresql_where=sa.text(f"published_at IS NOT NULL AND {HAS_BODY}"),
        ),
    )

    seq: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=64, unique=True)
    event_type: str = Field(max_length=100)
    correlation_id: str | None = Field(default=None, max_length=64)
    body: str = Field(sa_type=sa.Text)
    created_at: datetime
    published_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    # The W3C trace context of the span that wrote the event, for its message's headers.
    traceparent: str | None = Field(default=None, max_length=64)
    tracestate: str | None = Field(default=None, max_length=512)


_OUTBOX = SQLModel.metadata.tables[OutboxMessage.__tablename__]


def outbox_row(event: CloudEvent) -> dict[str, Any]:
    """The outbox row of `event`, as the values of a Core insert (`write_outbox`)."""
    return {
        "event_id": event.id,
        "event_type": event.type,
        "correlation_id": event.correlationid,
        "body": event.model_dump_json(),
        "created_at": now_utc(),
        TRACEPARENT: None,
        TRACESTATE: None,
        **current_context(),
    }


async def write_outbox(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """The rows in one statement, in the order given (their `seq`). A Core insert: building an ORM object
    per event, and flushing it, cost a tenth of the CPU of the whole event pipeline."""
    await session.exec(sa.insert(_OUTBOX), params=rows)


class OutboxRelay:
    def __init__(
        self,
        service: str,
        sessions: SessionFactory,
        connection: AbstractRobustConnection,
        topology: Topology,
        poll_interval_s: float,
        gate: asyncio.Lock | None = None,
        retry_delays_ms: tuple[int, ...] | None = None,
    ) -> None:
        """`gate`, given on SQLite, is the lock the process's units of work take to write (UnitOfWork).
        `retry_delays_ms`, given, has the relay declare every consumer's queues before it publishes."""
        self._retry_delays_ms = retry_delays_ms
        self._service = service
        self._sessions = sessions
        self._gate = gate
        self._connection = connection
        self._topology = topology
        self._poll_interval_s = poll_interval_s
        self._wake = asyncio.Event()
        # Rows this process committed while the relay was caught up, to publish without reading them.
        self._handed: list[dict[str, Any]] = []
        self._caught_up = False
        # Events this process committed since the current read began and did not hand over: a read that
        # missed one of them (committed after it began) leaves the relay behind, so that the next read
        # publishes it before anything committed later is handed over.
        self._woken: set[str] = set()
        # The events the last read published: a commit's wake may come after the read that published them.
        self._last_read: set[str] = set()

    async def _declare(self, channel: AbstractChannel) -> AbstractExchange:
        if self._retry_delays_ms is None:
            return await declare_events_exchange(channel, self._topology)
        return await declare_every_service_queue(channel, self._topology, self._retry_delays_ms)

    def wake(self, rows: list[dict[str, Any]]) -> None:
        """Called after a commit that wrote events, with their rows, so they leave at once instead of at
        the next poll. A relay that is behind reads them from the table in their turn.

        A commit is visible before its unit of work calls this, so a read may already have published its
        rows: those are neither handed over nor a reason to read again."""
        if not self._caught_up:
            self._woken.update(row["event_id"] for row in rows)
            self._wake.set()
            return
        fresh = [row for row in rows if row["event_id"] not in self._last_read]
        if fresh:
            self._handed.extend(fresh)
            self._wake.set()

    def _fall_behind(self) -> None:
        """Until a read finds nothing it fails to publish: rows handed over wait in the table meanwhile."""
        self._caught_up = False
        self._handed = []

    async def run(self) -> None:
        backoff = 0.2
        channel: AbstractChannel | None = None
        exchange: AbstractExchange | None = None
        while True:
            try:
                if channel is None or exchange is None or channel.is_closed:
                    self._fall_behind()
                    channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
                    exchange = await self._declare(channel)
                if self._caught_up and self._handed:
                    relayed, pending = await self._relay_handed(exchange)
                else:
                    relayed, pending = await self.relay_batch(exchange)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox_relay_failed", service=self._service, error=repr(exc))
                channel = None
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            if relayed < pending:
                # Failed rows are published again from the table, in order, before anything handed over.
                self._fall_behind()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            backoff = 0.2
            if pending < BATCH_SIZE and not self._handed:
                await self._wait_for_work()

    async def _wait_for_work(self) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._poll_interval_s):
                await self._wake.wait()
        if not self._wake.is_set():
            # A poll, not a wake: the table may hold rows of another process.
            self._fall_behind()
        self._wake.clear()

    async def _relay_handed(self, exchange: AbstractExchange) -> tuple[int, int]:
        """Publishes rows this process committed, without reading them: the relay is caught up, so no
        older row waits before them. Answers (confirmed, handed); rows that failed stay in the table."""
        # Every wake so far handed its rows over: they are these, or follow in the next pass.
        self._wake.clear()
        rows, self._handed = self._handed[:BATCH_SIZE], self._handed[BATCH_SIZE:]
        results = await asyncio.gather(
            *(self._publish(exchange, row) for row in rows), return_exceptions=True
        )
        confirmed = [row["event_id"] for row, result in zip(rows, results, strict=True) if result is None]
        if confirmed:
            async with self._writing() as session:
                # Not published meanwhile by another process's relay, which could read the rows too.
                await session.exec(_MARK_HANDED, params={"ids": confirmed, "now": now_utc()})
                await session.commit()
        return self._counted(len(rows), results)

    async def relay_batch(self, exchange: AbstractExchange) -> tuple[int, int]:
        """Publishes one batch of waiting events, oldest first; answers (confirmed, found). Core
        statements: the relay needs the rows' values, not ORM objects to build, track and synchronise."""
        # A wake from a commit before this read is answered by it: left set, it would cost a second read
        # once the relay is caught up. A commit after this point wakes the relay again.
        self._wake.clear()
        self._woken = set()
        async with self._sessions() as session:
            if is_postgresql(session):
                # Several relays of one service may run (several processes): each locks the rows it takes
                # until it has marked them, and skips those another holds.
                connection = await session.connection()
                rows = list((await connection.execute(_WAITING.with_for_update(skip_locked=True))).all())
                results = await self._publish_read(exchange, rows)
                await _mark(connection, rows, results)
                await session.commit()
                return self._counted(len(rows), results)
        # SQLite has one writer: the relay queues for it with the process's units of work (the gate), and
        # holds it to read and to mark, never while it waits for the broker.
        async with self._writing() as session:
            rows = list((await (await session.connection()).execute(_WAITING)).all())
            await session.commit()
        results = await self._publish_read(exchange, rows)
        if rows:
            async with self._writing() as session:
                await _mark(await session.connection(), rows, results)
                await session.commit()
        return self._counted(len(rows), results)

    async def _publish_read(
        self, exchange: AbstractExchange, rows: list[sa.Row[*tuple[Any, ...]]]
    ) -> list[BaseException | None]:
        PENDING.labels(self._service).set(len(rows))
        read = {row.event_id for row in rows}
        results = await asyncio.gather(
            *(self._publish(exchange, row._mapping) for row in rows), return_exceptions=True
        )
        # Rows handed over while this read was under way, that it published itself.
        self._handed = [row for row in self._handed if row["event_id"] not in read]
        self._last_read = read
        # Decided before the rows are marked: a commit meanwhile hands its rows over, to follow these. An
        # event committed while this read was under way and not found by it is read first.
        if all(result is None for result in results) and len(rows) < BATCH_SIZE and self._woken <= read:
            self._caught_up = True
            # Every wake since the read began was for rows it published, or handed its rows over.
            self._wake.clear()
        else:
            self._fall_behind()
        return results

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        async with contextlib.AsyncExitStack() as stack:
            if self._gate is not None:
                await stack.enter_async_context(self._gate)
            yield await stack.enter_async_context(self._sessions())

    def _counted(self, found: int, results: list[BaseException | None]) -> tuple[int, int]:
        """Counts a pass's outcome; answers (confirmed, found)."""
        failed = [result for result in results if isinstance(result, BaseException)]
        RELAYED.labels(self._service).inc(found - len(failed))
        if failed:
            RELAY_FAILURES.labels(self._service).inc(len(failed))
            log.warning(
                "outbox_publish_failed", service=self._service, failed=len(failed), error=repr(failed[0])
            )
        return found - len(failed), found

    async def _publish(self, exchange: AbstractExchange, row: Mapping[Any, Any]) -> None:
        with span_continuing(
            f"{row['event_type']} publish",
            row,
            SpanKind.PRODUCER,
            **{"messaging.system": "rabbitmq", "messaging.message.id": row["event_id"]},
        ):
            # The publish span's context, so that the consumer's span is its child.
            await self._publish_message(exchange, row, current_context())

    async def _publish_message(
        self, exchange: AbstractExchange, row: Mapping[Any, Any], trace_headers: dict[str, str]
    ) -> None:
        message = aio_pika.Message(
            body=row["body"].encode(),
            headers=dict(trace_headers),
            content_type="application/cloudevents+json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=row["event_id"],
            correlation_id=row["correlation_id"],
            type=row["event_type"],
        )
        await exchange.publish(
            message, routing_key=row["event_type"], mandatory=True, timeout=PUBLISH_TIMEOUT_S
        )


_WAITING = (
    sa.select(
        _OUTBOX.c.seq,
        _OUTBOX.c.event_id,
        _OUTBOX.c.event_type,
        _OUTBOX.c.correlation_id,
        _OUTBOX.c.body,
        _OUTBOX.c.traceparent,
        _OUTBOX.c.tracestate,
    )
    .where(_OUTBOX.c.published_at.is_(None))
    .order_by(_OUTBOX.c.seq)
    .limit(BATCH_SIZE)
)


async def _mark(
    connection: AsyncConnection, rows: list[sa.Row[*tuple[Any, ...]]], results: list[BaseException | None]
) -> None:
    """Marks the confirmed rows sent, and counts an attempt on each of the others."""
    confirmed = [row.seq for row, result in zip(rows, results, strict=True) if result is None]
    if confirmed:
        await connection.execute(
            sa.update(_OUTBOX).where(_OUTBOX.c.seq.in_(confirmed)).values(published_at=now_utc())
        )
    for row, result in zip(rows, results, strict=True):
        if isinstance(result, BaseException):
            await connection.execute(
                sa.update(_OUTBOX)
                .where(_OUTBOX.c.seq == row.seq)
                .values(attempts=_OUTBOX.c.attempts + 1, last_error=repr(result)[:500])
            )


_MARK_HANDED = (
    sa.update(_OUTBOX)
    .where(_OUTBOX.c.event_id.in_(sa.bindparam("ids", expanding=True)), _OUTBOX.c.published_at.is_(None))
    .values(published_at=sa.bindparam("now"))
)
