"""Emails and webhook messages waiting to go out or gone out, with every attempt. A consumer only adds
rows here; the delivery worker sends them, so a slow receiver never holds the event queue."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.domain.deliveries import DeliveryStatus
from services.notifications.domain.preferences import Channel
from services.notifications.storage.scope import SERVICE
from shared.db import enum_column
from shared.pagination import Page, keyset_page
from shared.tracing import current_traceparent


class Delivery(SQLModel, table=True):
    __tablename__ = "deliveries"
    __table_args__ = (
        # One per event, recipient and target, however often the event arrives.
        sa.Index("ux_deliveries_event_target", "event_id", "recipient", "channel", "target", unique=True),
        sa.Index("ix_deliveries_due", "status", "next_attempt_at"),
        sa.Index("ix_deliveries_subscription", "target", "created_at", "id"),
        # The retention job's: settled deliveries by age.
        sa.Index("ix_deliveries_status_created", "status", "created_at"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    channel: Channel = Field(sa_type=enum_column(Channel))
    recipient: str = Field(max_length=80)
    # The email address, or the webhook subscription's id.
    target: str = Field(max_length=254)
    event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=100)
    subject: str | None = Field(default=None, max_length=200)
    title: str = Field(max_length=300, description="The email's subject line; the event type for a webhook")
    body: str = Field(sa_type=sa.Text, description="The email's text, or the webhook's JSON payload")
    status: DeliveryStatus = Field(sa_type=enum_column(DeliveryStatus))
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime
    delivered_at: datetime | None = None
    # The trace context of the span that made the delivery (the event's consumer), which each attempt
    # continues; None when nothing is traced.
    traceparent: str | None = Field(default_factory=current_traceparent, max_length=64)


class DeliveryAttempt(SQLModel, table=True):
    __tablename__ = "delivery_attempts"
    __table_args__ = (sa.Index("ix_delivery_attempts_delivery", "delivery_id", "attempted_at"), SERVICE)

    id: str = Field(primary_key=True, max_length=36)
    delivery_id: str = Field(max_length=36)
    attempted_at: datetime
    succeeded: bool
    status_code: int | None = Field(default=None, description="The receiver's HTTP status (webhooks)")
    error: str | None = Field(default=None, max_length=500)
    duration_ms: int


async def due(session: AsyncSession, now: datetime, limit: int) -> list[Delivery]:
    query = (
        select(Delivery)
        .where(Delivery.status == DeliveryStatus.PENDING, col(Delivery.next_attempt_at) <= now)
        .order_by(col(Delivery.next_attempt_at))
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def lease(session: AsyncSession, delivery: Delivery, until: datetime) -> bool:
    """Takes a due delivery for one worker: the conditional UPDATE lets exactly one of several take it.
    Should the worker die, the lease runs out and the delivery is due again."""
    statement = (
        sa.update(Delivery)
        .where(
            col(Delivery.id) == delivery.id,
            col(Delivery.status) == DeliveryStatus.PENDING,
            col(Delivery.next_attempt_at) == delivery.next_attempt_at,
        )
        .values(next_attempt_at=until)
    )
    return bool((await session.exec(statement)).rowcount)


async def set_status_of_subscription(
    session: AsyncSession,
    subscription_id: str,
    from_: tuple[DeliveryStatus, ...],
    to: DeliveryStatus,
    now: datetime,
) -> None:
    """Holds, releases or skips a subscription's deliveries in one statement."""
    values: dict[str, object] = {"status": to}
    if to is DeliveryStatus.PENDING:
        values.update(attempts=0, next_attempt_at=now)
    statement = (
        sa.update(Delivery)
        .where(
            col(Delivery.channel) == Channel.WEBHOOK,
            col(Delivery.target) == subscription_id,
            col(Delivery.status).in_(from_),
        )
        .values(**values)
    )
    await session.exec(statement)


async def deliveries_to(
    session: AsyncSession, subscription_id: str, status: DeliveryStatus | None, limit: int, cursor: str | None
) -> Page[Delivery]:
    query = select(Delivery).where(Delivery.channel == Channel.WEBHOOK, Delivery.target == subscription_id)
    if status is not None:
        query = query.where(Delivery.status == status)
    return await keyset_page(session, query, Delivery, limit=limit, cursor=cursor)


async def attempts_at(session: AsyncSession, delivery_ids: list[str]) -> dict[str, list[DeliveryAttempt]]:
    query = select(DeliveryAttempt).where(col(DeliveryAttempt.delivery_id).in_(delivery_ids))
    found: dict[str, list[DeliveryAttempt]] = {delivery_id: [] for delivery_id in delivery_ids}
    for attempt in (await session.exec(query.order_by(col(DeliveryAttempt.attempted_at)))).all():
        found[attempt.delivery_id].append(attempt)
    return found


# What waits to go out: deliveries due or to be tried again, and those held for a disabled subscription.
BACKLOG = (DeliveryStatus.PENDING, DeliveryStatus.HELD)


async def backlog(session: AsyncSession) -> dict[DeliveryStatus, int]:
    """How many deliveries wait in each status of BACKLOG (none in one: 0), through the status index."""
    query = (
        select(Delivery.status, sa.func.count())
        .where(col(Delivery.status).in_(BACKLOG))
        .group_by(Delivery.status)
    )
    counted = dict((await session.exec(query)).all())
    return {status: counted.get(status, 0) for status in BACKLOG}
