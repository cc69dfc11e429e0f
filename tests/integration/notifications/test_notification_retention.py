"""The notifications service's retention: settled deliveries go with their attempts once old, notifications
once read long ago, a webhook secret replaced by rotation once its overlap is over; deliveries still
pending, held or waiting for their webhook subscription to be enabled again, unread notifications, the
secret still signing and the audit trail stay."""

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest_asyncio
import sqlalchemy as sa

from services.notifications.domain.deliveries import DeliveryStatus
from services.notifications.domain.preferences import Channel, Language
from services.notifications.storage.deliveries import Delivery, DeliveryAttempt
from services.notifications.storage.inbox import InboxEntry
from services.notifications.storage.retention import notification_sweeps
from services.notifications.storage.webhooks import WebhookSubscription
from shared.audit import AuditEntry
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from shared.settings import Settings
from tests.support.databases import Databases

NOW = datetime.fromisoformat("2027-06-15T10:00:00+00:00")
SETTINGS = Settings(retention_delivery_days=30, retention_read_inbox_entry_days=90)


@pytest_asyncio.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    databases = Databases(tmp_path)
    runtime = ServiceRuntime.on_database("notifications", (await databases.create())["notifications"])
    await upgrade_to_head(runtime.engine, "notifications")
    yield runtime
    await runtime.engine.dispose()
    await databases.drop()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


async def add(runtime: ServiceRuntime, *rows: object) -> None:
    async with runtime.writes() as session:
        session.add_all(rows)
        await session.commit()


def subscription(*, enabled: bool, deleted: bool = False) -> WebhookSubscription:
    return WebhookSubscription(
        id=str(uuid.uuid4()),
        provider_id="p1",
        url="https://receiver.example/hook",
        event_types=["application.decided"],
        secret="whsec_x",
        enabled=enabled,
        created_at=days_ago(400),
        updated_at=days_ago(40),
        deleted_at=days_ago(40) if deleted else None,
    )


def delivery(
    status: DeliveryStatus,
    created: datetime,
    *,
    channel: Channel = Channel.EMAIL,
    target: str = "a@b.example",
) -> Delivery:
    return Delivery(
        id=str(uuid.uuid4()),
        channel=channel,
        recipient="providers/p1",
        target=target,
        event_id=str(uuid.uuid4()),
        event_type="application.decided",
        title="Beslut",
        body="Hej Karin Lund, ...",
        status=status,
        created_at=created,
    )


def attempt_at(of: Delivery) -> DeliveryAttempt:
    return DeliveryAttempt(
        id=str(uuid.uuid4()), delivery_id=of.id, attempted_at=of.created_at, succeeded=True, duration_ms=5
    )


def entry(seq: int, created: datetime, read: datetime | None) -> InboxEntry:
    return InboxEntry(
        id=str(uuid.uuid4()),
        seq=seq,
        recipient="providers/p1",
        event_id=str(uuid.uuid4()),
        event_type="application.decided",
        title="Beslut",
        body="Ansökan är beviljad.",
        language=Language.SV,
        created_at=created,
        read_at=read,
    )


async def ids(runtime: ServiceRuntime, table: str, column: str = "id") -> set[str]:
    async with runtime.engine.connect() as conn:
        return set((await conn.execute(sa.text(f"SELECT {column} FROM {table}"))).scalars())


async def test_settled_deliveries_go_with_their_attempts_and_waiting_ones_stay(
    runtime: ServiceRuntime,
) -> None:
    disabled, deleted = subscription(enabled=False), subscription(enabled=False, deleted=True)
    gone = [
        delivery(DeliveryStatus.DELIVERED, days_ago(31)),
        delivery(DeliveryStatus.FAILED, days_ago(31)),
        delivery(DeliveryStatus.SKIPPED, days_ago(31)),
        # Its subscription is deleted: nothing will ever send it again.
        delivery(DeliveryStatus.FAILED, days_ago(31), channel=Channel.WEBHOOK, target=deleted.id),
    ]
    kept = [
        delivery(DeliveryStatus.DELIVERED, days_ago(29)),
        delivery(DeliveryStatus.PENDING, days_ago(300)),
        delivery(DeliveryStatus.HELD, days_ago(300), channel=Channel.WEBHOOK, target=disabled.id),
        # Enabling its subscription again sends it.
        delivery(DeliveryStatus.FAILED, days_ago(300), channel=Channel.WEBHOOK, target=disabled.id),
    ]
    await add(runtime, disabled, deleted, *gone, *kept)
    await add(runtime, *(attempt_at(d) for d in [*gone, *kept]))
    await add(
        runtime,
        AuditEntry(
            at=days_ago(500),
            actor="t",
            actor_kind="system",
            actor_name="t",
            entity="e",
            entity_id="1",
            action="a",
        ),
    )

    run = await runtime.retention_job(SETTINGS, notification_sweeps(SETTINGS)).run(NOW)

    assert run is not None
    assert run.removed["deliveries"] == 4 and run.removed["delivery_attempts"] == 4
    assert await ids(runtime, "deliveries") == {d.id for d in kept}
    assert await ids(runtime, "delivery_attempts", "delivery_id") == {d.id for d in kept}
    assert len(await ids(runtime, "audit_trail", "seq")) == 1


async def test_notifications_read_long_ago_go_and_unread_ones_stay(runtime: ServiceRuntime) -> None:
    read_long_ago = entry(1, days_ago(200), days_ago(91))
    read_lately = entry(2, days_ago(200), days_ago(89))
    unread = entry(3, days_ago(500), None)
    await add(runtime, read_long_ago, read_lately, unread)

    run = await runtime.retention_job(SETTINGS, notification_sweeps(SETTINGS)).run(NOW)

    assert run is not None and run.removed["read_inbox_entries"] == 1
    assert await ids(runtime, "inbox_entries") == {read_lately.id, unread.id}


async def test_many_settled_deliveries_go_in_bounded_batches(runtime: ServiceRuntime) -> None:
    old = [delivery(DeliveryStatus.DELIVERED, days_ago(60)) for _ in range(7)]
    await add(runtime, *old)
    await add(runtime, *(attempt_at(d) for d in old))
    settings = SETTINGS.model_copy(update={"retention_batch_size": 3})

    run = await runtime.retention_job(settings, notification_sweeps(settings)).run(NOW)

    assert run is not None
    assert run.removed["deliveries"] == 7 and run.batches["deliveries"] == 3
    assert await ids(runtime, "deliveries") == set() and await ids(runtime, "delivery_attempts") == set()


async def test_a_secret_replaced_by_rotation_is_forgotten_after_the_overlap(runtime: ServiceRuntime) -> None:
    overlap_over, still_signing = subscription(enabled=True), subscription(enabled=True)
    for rotated, hours in ((overlap_over, 25), (still_signing, 23)):
        rotated.previous_secret, rotated.secret_rotated_at = "whsec_old", NOW - timedelta(hours=hours)
    await add(runtime, overlap_over, still_signing)

    run = await runtime.retention_job(SETTINGS, notification_sweeps(SETTINGS)).run(NOW)

    assert run is not None and run.removed["rotated_webhook_secrets"] == 1
    async with runtime.engine.connect() as conn:
        query = sa.text("SELECT id FROM webhook_subscriptions WHERE previous_secret IS NOT NULL")
        assert set((await conn.execute(query)).scalars()) == {still_signing.id}
