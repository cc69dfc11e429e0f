"""The retention job of one service's database: each kind of operational data past its limit is removed
(or stripped of its body) in bounded batches, each batch one short transaction, so that a large backlog
never holds a lock for long. What it removed is logged per kind and counted for /metrics.

Replicas of a service may all run it: on PostgreSQL the first takes an advisory lock and the others skip
the run; on SQLite (one machine) batches of two processes queue for the write lock, and a row removed by
one is simply not found by the other."""

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from prometheus_client import Counter as PrometheusCounter
from prometheus_client import Gauge
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.clock import now_utc
from shared.db import SessionFactory, exclusive_or_skip
from shared.logging import get_logger

log = get_logger(__name__)

REMOVED = PrometheusCounter(
    "retention_removed_total",
    "Rows the retention job deleted, or stripped of their body, by kind",
    ["service", "kind"],
)
LAST_RUN = Gauge(
    "retention_last_run_timestamp_seconds", "When the retention job last finished a run", ["service"]
)

# One batch of a sweep: given the cutoff and the batch size, removes at most that many rows of the
# sweep's kind in the open transaction, and answers how many rows of each kind it removed (a kind's rows
# may take dependent rows with them, counted under their own kind).
Step = Callable[[AsyncConnection, datetime, int], Awaitable[dict[str, int]]]


def batch_of(
    *key: sa.ColumnElement[Any], where: Sequence[sa.ColumnElement[bool] | sa.TextClause], limit: int
) -> Any:
    """The keys of at most `limit` rows matching `where`, for a step's statement to take by key. On
    PostgreSQL the rows are locked, and rows another transaction holds are skipped, left to the next run:
    a row changed meanwhile (a delivery sent again) is matched anew against `where` as it is locked."""
    return sa.select(*key).where(*where).limit(limit).with_for_update(skip_locked=True)


def deleting_older(kind: str, table: sa.Table, stamp: sa.Column[Any], *key: sa.Column[Any]) -> Step:
    """The step of the plainest sweep: the rows of `table` whose `stamp` is before the cutoff are deleted,
    a batch at a time, taken by their `key`."""
    selected = key[0] if len(key) == 1 else sa.tuple_(*key)

    async def step(connection: AsyncConnection, cutoff: datetime, limit: int) -> dict[str, int]:
        chosen = batch_of(*key, where=[stamp < cutoff], limit=limit)
        result = await connection.execute(sa.delete(table).where(selected.in_(chosen)))
        return {kind: result.rowcount}

    return step


@dataclass(frozen=True)
class Sweep:
    kind: str
    keep: timedelta
    step: Step


@dataclass(frozen=True)
class RetentionRun:
    """What one run removed, and in how many batches, by kind."""

    removed: dict[str, int] = field(default_factory=dict)
    batches: dict[str, int] = field(default_factory=dict)


@dataclass
class RetentionJob:
    service: str
    engine: AsyncEngine
    writes: SessionFactory
    sweeps: Sequence[Sweep]
    batch_size: int
    # On SQLite, the lock this process's units of work take to write: a batch queues with them.
    gate: asyncio.Lock | None = None

    async def run(self, now: datetime | None = None) -> RetentionRun | None:
        """One run at `now` (default the present); None when another replica is running it."""
        now = now or now_utc()
        async with exclusive_or_skip(self.engine, f"retention:{self.service}") as held:
            if not held:
                log.info("retention_skipped", service=self.service, reason="running in another replica")
                return None
            run = RetentionRun()
            for sweep in self.sweeps:
                await self._sweep(sweep, now - sweep.keep, run)
            LAST_RUN.labels(self.service).set_to_current_time()
            return run

    async def _sweep(self, sweep: Sweep, cutoff: datetime, run: RetentionRun) -> None:
        removed: Counter[str] = Counter({sweep.kind: 0})
        batches = 0
        while True:
            async with self._writing() as session:
                counts = await sweep.step(await session.connection(), cutoff, self.batch_size)
                await session.commit()
            batches += 1
            removed.update(counts)
            for kind, count in counts.items():
                REMOVED.labels(self.service, kind).inc(count)
            if counts.get(sweep.kind, 0) < self.batch_size:
                break
        for kind, count in removed.items():
            run.removed[kind] = run.removed.get(kind, 0) + count
            run.batches[kind] = run.batches.get(kind, 0) + batches
            log.info(
                "retention_removed",
                service=self.service,
                kind=kind,
                count=count,
                batches=batches,
                older_than=cutoff.isoformat(),
            )

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        async with contextlib.AsyncExitStack() as stack:
            if self.gate is not None:
                await stack.enter_async_context(self.gate)
            yield await stack.enter_async_context(self.writes())
