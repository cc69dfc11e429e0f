"""What the soak samples of the running process and its surroundings, and the accounting at the end: read
from /proc, the service databases and the broker, never from the process's own figures."""

import os
from collections.abc import Coroutine
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import aio_pika
import asyncpg
import sqlalchemy as sa
from aio_pika.abc import AbstractRobustConnection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bench.figures import percentile
from bench.soak_load import Request, Tally
from shared.messaging.topology import Topology
from shared.settings import SERVICES, Settings
from tests.support.databases import POSTGRES_ADMIN_URL, _dsn

SLOW_CALLBACK = "Executing <"
T = TypeVar("T")


@dataclass(frozen=True)
class Sample:
    minute: float
    rss_mib: float
    fds: int
    db_connections: int
    outbox_backlog: int
    queued: int
    parked: int
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    server_errors: int
    missed_slots: int
    slow_callbacks: int
    stream_events: int

    def row(self) -> dict[str, Any]:
        return asdict(self)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS in /proc: is this Linux?")


def open_files(pid: int) -> list[str]:
    folder = Path(f"/proc/{pid}/fd")
    targets = []
    for name in os.listdir(folder):
        try:
            targets.append(os.readlink(folder / name))
        except FileNotFoundError:  # closed while listed
            continue
    return targets


def slow_callbacks(log: Path) -> list[str]:
    with log.open(errors="replace") as lines:
        return [line.strip() for line in lines if line.startswith(SLOW_CALLBACK)]


async def or_unknown(reading: Coroutine[Any, Any, T], unknown: T) -> T:
    """A reading, or -1 when the database or broker would not answer this time (a shared PostgreSQL with
    every connection taken, say): one sample's gap, not the end of the soak."""
    try:
        return await reading
    except (OSError, sa.exc.DBAPIError, asyncpg.PostgresError, aio_pika.exceptions.AMQPError):
        return unknown


class Watch:
    def __init__(
        self, pid: int, urls: dict[str, str], prefix: str, retry_delays_ms: tuple[int, ...], log: Path
    ):
        self.pid, self.urls, self.log = pid, urls, log
        self.postgres = urls["application"].startswith("postgresql")
        topology = Topology(prefix)
        self.work_queues = [
            name
            for service in SERVICES
            for name in topology.queues_of(service, retry_delays_ms)
            if name != topology.parking_queue(service)
        ]
        self.parking_queues = [topology.parking_queue(service) for service in SERVICES]
        self.broker: AbstractRobustConnection | None = None

    async def close(self) -> None:
        if self.broker is not None:
            await self.broker.close()

    async def sample(self, minute: float, tally: Tally, window: list[Request], seconds: float) -> Sample:
        files = open_files(self.pid)
        ms = [r.ms for r in window]
        queued, parked = await or_unknown(self.queues(), (-1, -1))
        return Sample(
            minute=round(minute, 3),
            rss_mib=round(rss_mib(self.pid), 2),
            fds=len(files),
            db_connections=await or_unknown(self.db_connections(files), -1),
            outbox_backlog=await or_unknown(self.outbox_backlog(), -1),
            queued=queued,
            parked=parked,
            requests=len(window),
            requests_per_s=round(len(window) / seconds, 2),
            p50_ms=round(percentile(ms, 50), 1) if ms else 0.0,
            p99_ms=round(percentile(ms, 99), 1) if ms else 0.0,
            server_errors=sum(1 for r in window if r.status >= 500),
            missed_slots=tally.missed_slots,
            slow_callbacks=len(slow_callbacks(self.log)),
            stream_events=tally.stream_events,
        )

    async def db_connections(self, files: list[str]) -> int:
        """PostgreSQL: the server's sessions on the process's databases (this sampler's own are closed
        between samples). SQLite: the process's open database files."""
        if not self.postgres:
            return sum(1 for f in files if f.endswith(".db"))
        names = [sa.make_url(url).database for url in self.urls.values()]
        admin = await asyncpg.connect(_dsn(POSTGRES_ADMIN_URL))
        try:
            count = await admin.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ANY($1::text[])", names
            )
            return int(count)
        finally:
            await admin.close()

    async def outbox_backlog(self) -> int:
        backlog = 0
        for service in SERVICES:
            backlog += await self.scalar(service, "SELECT count(*) FROM outbox WHERE published_at IS NULL")
        return backlog

    async def scalar(self, service: str, sql: str) -> int:
        return int((await self.rows(service, sql))[0][0])

    async def rows(self, service: str, sql: str) -> list[tuple[Any, ...]]:
        engine = create_async_engine(self.urls[service], poolclass=NullPool)
        try:
            async with engine.connect() as conn:
                return [tuple(row) for row in await conn.execute(sa.text(sql))]
        finally:
            await engine.dispose()

    async def counts(self, sql: str) -> dict[str, int]:
        return {str(row[0]): int(row[1]) for row in await self.rows("notifications", sql)}

    async def queues(self) -> tuple[int, int]:
        """Messages waiting in the work and retry queues, and in the parking queues."""
        if self.broker is None:
            self.broker = await aio_pika.connect_robust(Settings().amqp_url)
        totals = []
        for names in (self.work_queues, self.parking_queues):
            total = 0
            for name in names:
                channel = await self.broker.channel()
                try:
                    declared = await channel.declare_queue(name, passive=True)
                    total += declared.declaration_result.message_count or 0
                except aio_pika.exceptions.ChannelClosed:
                    continue  # not declared: nothing in it
                finally:
                    if not channel.is_closed:
                        await channel.close()
            totals.append(total)
        return totals[0], totals[1]

    async def accounting(self, tally: Tally) -> dict[str, Any]:
        """Every submitted application one work item; every approval one inbox entry for its provider."""
        items = await self.counts(
            "SELECT subject, count(*) FROM work_items WHERE subject LIKE 'applications/%' GROUP BY subject"
        )
        entries = await self.counts(
            "SELECT subject, count(*) FROM inbox_entries WHERE event_type = 'application.approved' "
            "AND recipient LIKE 'providers/%' GROUP BY subject"
        )
        submitted = {f"applications/{i}" for i in tally.submitted}
        approved = {f"applications/{i}" for i in tally.approved}
        queued, parked = await self.queues()
        return {
            "submitted": len(submitted),
            "submitted_without_one_work_item": sorted(s for s in submitted if items.get(s, 0) != 1),
            "approved": len(approved),
            "approved_without_one_inbox_entry": sorted(s for s in approved if entries.get(s, 0) != 1),
            "outbox_backlog": await self.outbox_backlog(),
            "queued": queued,
            "parked": parked,
        }
