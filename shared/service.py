"""What every service runs in-process: its database, outbox relay, consumer and daily retention job,
started and stopped as one aiohttp cleanup context."""

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.auth.revocation_list import RevocationList
from shared.auth.revocations import revocations_since
from shared.db import (
    DEFAULT_POOL_SIZE,
    DEFAULT_TIMEOUTS,
    SessionFactory,
    Timeouts,
    create_engine,
    ping,
    read_bind,
    session_factory,
)
from shared.http.broker import shared_broker
from shared.http.keys import KEY_STORES_KEY, READINESS_KEY, SETTINGS_KEY, VERIFIER_KEY
from shared.idempotency.store import KeyStore
from shared.logging import get_logger
from shared.messaging.consumer import Consumer
from shared.messaging.gauges import outbox_age, queue_depths
from shared.messaging.outbox import OutboxRelay
from shared.messaging.registry import HandlerRegistry
from shared.messaging.topology import Topology
from shared.migrations import upgrade_to_head
from shared.retention.idempotency import idempotency_key_sweeps
from shared.retention.job import RetentionJob, Sweep
from shared.retention.messaging import messaging_sweeps
from shared.retention.revocations import revocation_kept_s, revocation_sweep
from shared.retention.scheduler import RetentionScheduler
from shared.sampling import Sample, sample_every
from shared.settings import Settings
from shared.unit_of_work import UnitOfWork

log = get_logger(__name__)


@dataclass
class ServiceRuntime:
    name: str
    engine: AsyncEngine
    reads: SessionFactory
    writes: SessionFactory
    relay: OutboxRelay | None = None
    consumer: Consumer | None = None
    retention: RetentionJob | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    # Called first on shutdown, for what a startup hook began besides tasks (a scheduler).
    on_stop: list[Callable[[], None]] = field(default_factory=list)
    # On SQLite, where one transaction writes at a time: this process's units of work queue here.
    write_gate: asyncio.Lock | None = None
    # The gauges this process samples (shared/sampling.py); a startup hook may add its service's own.
    samples: list[Sample] = field(default_factory=list)

    @classmethod
    def on_database(
        cls,
        name: str,
        database_url: str,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        *,
        pool_size: int = DEFAULT_POOL_SIZE,
    ) -> "ServiceRuntime":
        """A service's database and units of work, without broker or relay: for a process that only writes
        (its events wait in the outbox for the service's relay), such as the scheduler or a benchmark."""
        engine = create_engine(database_url, timeouts, pool_size)
        gate = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        return cls(
            name, engine, session_factory(engine), session_factory(engine, writes=True), write_gate=gate
        )

    @functools.cached_property
    def _read_bind(self) -> AsyncEngine:
        return read_bind(self.engine)

    def read_connection(self) -> AsyncConnection:
        """A connection for a read-only route that reads plain columns, without a session: `async with`
        it. Like the `reads` sessions, it runs each statement outside a transaction."""
        return self._read_bind.connect()

    def revocation_list(self, settings: Settings) -> RevocationList:
        """The revoked clients this service's database names, for a token verifier to watch."""

        async def load(since: datetime) -> dict[str, datetime]:
            async with self.reads() as session:
                return await revocations_since(session, since)

        return RevocationList(self.name, load, settings.revocation_refresh_s, revocation_kept_s(settings))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(
            self.writes,
            source=f"/kundval-portal/{self.name}",
            on_events=self.relay.wake if self.relay else None,
            gate=self.write_gate,
        )

    def retention_job(self, settings: Settings, sweeps: Sequence[Sweep] = ()) -> RetentionJob:
        """The retention job of this service's database: its outbox, consumer inbox, token revocations and
        idempotency keys, and `sweeps`."""
        return RetentionJob(
            self.name,
            self.engine,
            self.writes,
            [
                *messaging_sweeps(settings),
                revocation_sweep(settings),
                *idempotency_key_sweeps(settings),
                *sweeps,
            ],
            settings.retention_batch_size,
            self.write_gate,
        )


def database_timeouts(settings: Settings) -> Timeouts:
    return Timeouts(
        connect_s=settings.database_connect_timeout_s,
        pool_s=settings.database_pool_timeout_s,
        statement_s=settings.database_statement_timeout_s,
    )


StartupHook = Callable[[web.Application, ServiceRuntime], Awaitable[None]]
# The kinds of data a service keeps beside its outbox and consumer inbox, with their retention.
SweepsOf = Callable[[Settings], Sequence[Sweep]]


def service_context(
    name: str,
    key: web.AppKey[ServiceRuntime],
    registry: HandlerRegistry | None,
    on_startup: StartupHook | None = None,
    sweeps: SweepsOf | None = None,
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        async with shared_broker(app) as connection:
            settings = app[SETTINGS_KEY]
            runtime = ServiceRuntime.on_database(
                name,
                settings.database_url(name),
                database_timeouts(settings),
                pool_size=settings.database_pool_size,
            )
            engine = runtime.engine
            await upgrade_to_head(engine, name)
            app[key] = runtime
            app[KEY_STORES_KEY][name] = KeyStore(
                runtime.writes, runtime.write_gate, timedelta(seconds=settings.idempotency_claim_lease_s)
            )
            topology = Topology(settings.amqp_prefix)
            runtime.relay = OutboxRelay(
                name,
                runtime.writes,
                connection,
                topology,
                settings.outbox_poll_interval_s,
                runtime.write_gate,
                retry_delays_ms=settings.retry_delays_ms,
            )
            # Read before the first request (the migrations have just reached this database), then kept fresh.
            revocations = runtime.revocation_list(settings)
            await revocations.refresh()
            app[VERIFIER_KEY].watch(revocations)
            runtime.tasks.append(asyncio.create_task(revocations.run(), name=f"{name}-revocations"))
            if on_startup is not None:
                await on_startup(app, runtime)
            runtime.tasks.append(asyncio.create_task(runtime.relay.run(), name=f"{name}-outbox-relay"))
            if registry is not None:
                runtime.consumer = Consumer(
                    registry,
                    connection,
                    topology,
                    runtime.uow,
                    prefetch=settings.consumer_prefetch,
                    retry_delays_ms=settings.retry_delays_ms,
                    max_attempts=settings.max_attempts,
                )
                await runtime.consumer.start()
                runtime.samples.append(queue_depths(connection, topology, runtime.consumer.name))
            runtime.samples.append(outbox_age(name, runtime.reads))
            sampling = sample_every(settings.metrics_sample_interval_s, runtime.samples)
            runtime.tasks.append(asyncio.create_task(sampling, name=f"{name}-metrics-sampling"))
            # Every replica schedules it; the job lets one of them do the work.
            runtime.retention = runtime.retention_job(settings, sweeps(settings) if sweeps else ())
            retention = RetentionScheduler(runtime.retention, settings.retention_hour)
            retention.start()
            runtime.on_stop.append(retention.stop)
            app[READINESS_KEY][f"{name}.database"] = lambda: ping(engine)
            log.info("service_started", service=name)
            try:
                yield
            finally:
                for stop in runtime.on_stop:
                    stop()
                if runtime.consumer is not None:
                    with contextlib.suppress(Exception):
                        await runtime.consumer.stop()
                for task in runtime.tasks:
                    task.cancel()
                await asyncio.gather(*runtime.tasks, return_exceptions=True)
                await engine.dispose()
                log.info("service_stopped", service=name)

    return context
