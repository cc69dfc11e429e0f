"""The retention job on a service's outbox, consumer inbox and token revocations: what is past its limit
goes (a published event's body first, its row later), what is younger or not yet published stays, the
audit trail is never touched; it works in bounded batches, and two replicas running it at once remove each
row once."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import sqlalchemy as sa
from prometheus_client import REGISTRY
from structlog.testing import capture_logs

from services.application.storage.rate_limits import RateLimitCount
from services.application.storage.retention import application_sweeps
from shared.audit import AuditEntry
from shared.auth.revocations import TokenRevocation
from shared.db import exclusive
from shared.messaging.inbox import InboxEntry
from shared.messaging.outbox import OutboxMessage
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from shared.settings import Settings
from tests.support.databases import Databases, backend

NOW = datetime.fromisoformat("2027-06-15T10:00:00+00:00")
SETTINGS = Settings(retention_outbox_body_days=7, retention_outbox_days=90, retention_consumer_inbox_days=90)


@pytest_asyncio.fixture
async def database(tmp_path: Path) -> AsyncIterator[str]:
    databases = Databases(tmp_path)
    url = (await databases.create())["application"]
    runtime = ServiceRuntime.on_database("application", url)
    await upgrade_to_head(runtime.engine, "application")
    await runtime.engine.dispose()
    yield url
    await databases.drop()


@pytest_asyncio.fixture
async def runtime(database: str) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime.on_database("application", database)
    yield runtime
    await runtime.engine.dispose()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


async def add_outbox(runtime: ServiceRuntime, created: datetime, published: datetime | None) -> str:
    event_id = str(uuid.uuid4())
    row: dict[str, Any] = {
        "event_id": event_id,
        "event_type": "provider.updated",
        "body": '{"data": {"name": "Omsorg i Nacka AB"}}',
        "created_at": created,
        "published_at": published,
    }
    async with runtime.engine.begin() as conn:
        await conn.execute(sa.insert(OutboxMessage).values(row))
    return event_id


async def add_applied(runtime: ServiceRuntime, processed: datetime) -> str:
    event_id = str(uuid.uuid4())
    row = {"consumer": "application", "event_id": event_id, "event_type": "x", "processed_at": processed}
    async with runtime.engine.begin() as conn:
        await conn.execute(sa.insert(InboxEntry).values(row))
    return event_id


async def add_audit(runtime: ServiceRuntime, at: datetime) -> None:
    row = {
        "at": at,
        "actor": "t",
        "actor_kind": "system",
        "actor_name": "t",
        "entity": "e",
        "entity_id": "1",
        "action": "a",
    }
    async with runtime.engine.begin() as conn:
        await conn.execute(sa.insert(AuditEntry).values({**row, "details": {}}))


async def outbox_bodies(runtime: ServiceRuntime) -> dict[str, str]:
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(sa.text("SELECT event_id, body FROM outbox"))
        return {event_id: body for event_id, body in rows}


async def applied(runtime: ServiceRuntime) -> set[str]:
    async with runtime.engine.connect() as conn:
        return set((await conn.execute(sa.text("SELECT event_id FROM inbox"))).scalars())


async def count(runtime: ServiceRuntime, table: str) -> int:
    async with runtime.engine.connect() as conn:
        return int((await conn.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one())


def removed_metric(kind: str) -> float:
    labels = {"service": "application", "kind": kind}
    return REGISTRY.get_sample_value("retention_removed_total", labels) or 0.0


async def test_old_published_events_lose_their_body_then_their_row_and_nothing_else_goes(
    runtime: ServiceRuntime,
) -> None:
    long_gone = await add_outbox(runtime, days_ago(120), days_ago(100))
    stripped = await add_outbox(runtime, days_ago(31), days_ago(30))
    fresh = await add_outbox(runtime, days_ago(1), days_ago(1))
    # Never published, however old: the relay still owes it to the broker.
    unpublished = await add_outbox(runtime, days_ago(400), None)
    forgotten = await add_applied(runtime, days_ago(91))
    remembered = await add_applied(runtime, days_ago(89))
    for age in (1000, 100, 1):
        await add_audit(runtime, days_ago(age))
    metric_before = removed_metric("outbox_bodies")

    with capture_logs() as logs:
        run = await runtime.retention_job(SETTINGS).run(NOW)

    assert run is not None
    assert run.removed == {
        "outbox": 1,
        "outbox_bodies": 1,
        "consumer_inbox": 1,
        "token_revocations": 0,
        "idempotency_keys": 0,
    }
    bodies = await outbox_bodies(runtime)
    assert set(bodies) == {stripped, fresh, unpublished}
    assert long_gone not in bodies
    assert bodies[stripped] == ""
    assert bodies[fresh] != "" and bodies[unpublished] != ""
    assert await applied(runtime) == {remembered}
    assert forgotten not in await applied(runtime)
    assert await count(runtime, "audit_trail") == 3
    reported = {line["kind"]: line["count"] for line in logs if line["event"] == "retention_removed"}
    assert reported == {
        "outbox": 1,
        "outbox_bodies": 1,
        "consumer_inbox": 1,
        "token_revocations": 0,
        "idempotency_keys": 0,
    }
    assert removed_metric("outbox_bodies") == metric_before + 1


async def test_a_second_run_finds_nothing_more_to_remove(runtime: ServiceRuntime) -> None:
    await add_outbox(runtime, days_ago(40), days_ago(40))
    await add_applied(runtime, days_ago(100))
    job = runtime.retention_job(SETTINGS)
    assert await job.run(NOW) is not None
    again = await job.run(NOW)
    assert again is not None and set(again.removed.values()) == {0}


async def test_a_backlog_larger_than_a_batch_goes_in_several_bounded_statements(
    runtime: ServiceRuntime,
) -> None:
    for _ in range(10):
        await add_outbox(runtime, days_ago(200), days_ago(200))
        await add_outbox(runtime, days_ago(20), days_ago(20))
        await add_applied(runtime, days_ago(200))
    touched: list[int] = []

    def record(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("DELETE", "UPDATE")):
            touched.append(cursor.rowcount)

    sa.event.listen(runtime.engine.sync_engine, "after_cursor_execute", record)
    run = await runtime.retention_job(SETTINGS.model_copy(update={"retention_batch_size": 3})).run(NOW)

    assert run is not None
    assert run.removed == {
        "outbox": 10,
        "outbox_bodies": 10,
        "consumer_inbox": 10,
        "token_revocations": 0,
        "idempotency_keys": 0,
    }
    # 3 + 3 + 3 + 1 for each kind; one finding nothing for the revocations and the keys.
    assert run.batches == {
        "outbox": 4,
        "outbox_bodies": 4,
        "consumer_inbox": 4,
        "token_revocations": 1,
        "idempotency_keys": 1,
    }
    assert max(touched) == 3 and sum(touched) == 30
    assert await count(runtime, "inbox") == 0
    assert set((await outbox_bodies(runtime)).values()) == {""}


async def test_two_replicas_running_at_once_remove_each_row_once(database: str) -> None:
    replicas = [ServiceRuntime.on_database("application", database) for _ in range(2)]
    first = replicas[0]
    try:
        for _ in range(25):
            await add_outbox(first, days_ago(200), days_ago(200))
            await add_applied(first, days_ago(200))
        await add_applied(first, days_ago(1))
        settings = SETTINGS.model_copy(update={"retention_batch_size": 4})
        runs = await asyncio.gather(*(r.retention_job(settings).run(NOW) for r in replicas))

        done = [run for run in runs if run is not None]
        assert done, "at least one replica ran it"
        assert sum(run.removed["outbox"] for run in done) == 25
        assert sum(run.removed["consumer_inbox"] for run in done) == 25
        assert await count(first, "outbox") == 0
        assert await count(first, "inbox") == 1
    finally:
        for replica in replicas:
            await replica.engine.dispose()


@pytest.mark.skipif(backend() != "postgresql", reason="replicas share a lock only on PostgreSQL")
async def test_a_replica_skips_the_run_while_another_holds_it(database: str, runtime: ServiceRuntime) -> None:
    await add_applied(runtime, days_ago(200))
    other = ServiceRuntime.on_database("application", database)
    try:
        async with exclusive(other.engine, "retention:application"):
            assert await runtime.retention_job(SETTINGS).run(NOW) is None
        assert await count(runtime, "inbox") == 1
        assert await runtime.retention_job(SETTINGS).run(NOW) is not None
        assert await count(runtime, "inbox") == 0
    finally:
        await other.engine.dispose()


def test_the_consumer_inbox_must_outlast_the_retry_schedule() -> None:
    # Five retries a day apart: a duplicate may come five days after the first copy was applied.
    with pytest.raises(ValueError, match="RETENTION_CONSUMER_INBOX_DAYS"):
        Settings(retry_delays_ms=(86_400_000,), max_attempts=6, retention_consumer_inbox_days=5)
    Settings(retry_delays_ms=(86_400_000,), max_attempts=6, retention_consumer_inbox_days=6)


async def test_rate_limit_counts_of_windows_past_a_day_go_and_a_counting_one_stays(
    runtime: ServiceRuntime,
) -> None:
    rows = [
        ("token.address:203.0.113.1", days_ago(2)),
        ("token.address:203.0.113.2", NOW - timedelta(minutes=1)),
    ]
    async with runtime.engine.begin() as conn:
        for key, window in rows:
            await conn.execute(sa.insert(RateLimitCount).values(key=key, window_start=window, count=3))

    await runtime.retention_job(SETTINGS, application_sweeps(SETTINGS)).run(NOW)

    async with runtime.engine.connect() as conn:
        kept = set((await conn.execute(sa.text("SELECT key FROM rate_limit_counts"))).scalars())
    assert kept == {"token.address:203.0.113.2"}


async def test_revocations_older_than_a_token_s_lifetime_go_and_a_recent_one_stays(
    runtime: ServiceRuntime,
) -> None:
    lifetime = timedelta(seconds=SETTINGS.access_token_lifetime_s)
    rows = [("staff-old", NOW - lifetime - timedelta(minutes=5)), ("staff-recent", NOW - lifetime / 2)]
    async with runtime.engine.begin() as conn:
        for client_id, revoked_at in rows:
            await conn.execute(sa.insert(TokenRevocation).values(client_id=client_id, revoked_at=revoked_at))

    run = await runtime.retention_job(SETTINGS).run(NOW)

    assert run is not None and run.removed["token_revocations"] == 1
    async with runtime.engine.connect() as conn:
        kept = set((await conn.execute(sa.text("SELECT client_id FROM token_revocations"))).scalars())
    assert kept == {"staff-recent"}
