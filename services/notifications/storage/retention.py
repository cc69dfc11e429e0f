"""The notifications service's sweeps, beside its outbox and consumer inbox (shared/retention): settled
email and webhook deliveries with their attempts, notifications read long ago, and webhook secrets
replaced by a rotation once their overlap is over. Pending, held and retrying deliveries, unread
notifications and work items are never touched."""

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from services.notifications.domain.deliveries import SETTLED, DeliveryStatus
from services.notifications.domain.preferences import Channel
from services.notifications.storage.deliveries import Delivery, DeliveryAttempt
from services.notifications.storage.inbox import InboxEntry
from services.notifications.storage.webhooks import WebhookSubscription
from shared.retention.job import Sweep, batch_of
from shared.settings import Settings

_DELIVERIES = SQLModel.metadata.tables[Delivery.__tablename__]
_ATTEMPTS = SQLModel.metadata.tables[DeliveryAttempt.__tablename__]
_ENTRIES = SQLModel.metadata.tables[InboxEntry.__tablename__]
_SUBSCRIPTIONS = SQLModel.metadata.tables[WebhookSubscription.__tablename__]


def _settled_before(cutoff: datetime) -> tuple[sa.ColumnElement[bool], ...]:
    waits_for_subscription = sa.and_(
        _DELIVERIES.c.status == DeliveryStatus.FAILED,
        _DELIVERIES.c.channel == Channel.WEBHOOK,
        sa.exists().where(
            _SUBSCRIPTIONS.c.id == _DELIVERIES.c.target,
            _SUBSCRIPTIONS.c.enabled.is_(False),
            _SUBSCRIPTIONS.c.deleted_at.is_(None),
        ),
    )
    return (
        _DELIVERIES.c.status.in_(SETTLED),
        _DELIVERIES.c.created_at < cutoff,
        sa.not_(waits_for_subscription),
    )


async def delete_settled_deliveries(
    connection: AsyncConnection, cutoff: datetime, limit: int
) -> dict[str, int]:
    chosen = batch_of(_DELIVERIES.c.id, where=_settled_before(cutoff), limit=limit)
    deleted = await connection.execute(
        sa.delete(_DELIVERIES).where(_DELIVERIES.c.id.in_(chosen)).returning(_DELIVERIES.c.id)
    )
    ids = list(deleted.scalars())
    attempts = 0
    if ids:
        attempts = (
            await connection.execute(sa.delete(_ATTEMPTS).where(_ATTEMPTS.c.delivery_id.in_(ids)))
        ).rowcount
    return {"deliveries": len(ids), "delivery_attempts": attempts}


async def delete_read_inbox_entries(
    connection: AsyncConnection, cutoff: datetime, limit: int
) -> dict[str, int]:
    old = (_ENTRIES.c.read_at.is_not(None), _ENTRIES.c.read_at < cutoff)
    chosen = batch_of(_ENTRIES.c.id, where=old, limit=limit)
    result = await connection.execute(sa.delete(_ENTRIES).where(_ENTRIES.c.id.in_(chosen)))
    return {"read_inbox_entries": result.rowcount}


async def forget_rotated_secrets(connection: AsyncConnection, cutoff: datetime, limit: int) -> dict[str, int]:
    """Secrets rotated before `cutoff` no longer sign (domain/webhooks.signing_secrets); kept, they would
    only be something more to leak."""
    expired = (_SUBSCRIPTIONS.c.previous_secret.is_not(None), _SUBSCRIPTIONS.c.secret_rotated_at < cutoff)
    chosen = batch_of(_SUBSCRIPTIONS.c.id, where=expired, limit=limit)
    result = await connection.execute(
        sa.update(_SUBSCRIPTIONS).where(_SUBSCRIPTIONS.c.id.in_(chosen)).values(previous_secret=None)
    )
    return {"rotated_webhook_secrets": result.rowcount}


def notification_sweeps(settings: Settings) -> Sequence[Sweep]:
    return [
        Sweep("deliveries", timedelta(days=settings.retention_delivery_days), delete_settled_deliveries),
        Sweep(
            "read_inbox_entries",
            timedelta(days=settings.retention_read_inbox_entry_days),
            delete_read_inbox_entries,
        ),
        Sweep(
            "rotated_webhook_secrets",
            timedelta(hours=settings.webhook_secret_overlap_h),
            forget_rotated_secrets,
        ),
    ]
