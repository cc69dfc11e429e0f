"""Providers' webhook subscriptions. Queries take the owning provider, so one never reaches another's."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.storage.scope import SERVICE


class WebhookSubscription(SQLModel, table=True):
    __tablename__ = "webhook_subscriptions"
    __table_args__ = (sa.Index("ix_webhook_subscriptions_provider", "provider_id", "created_at"), SERVICE)

    id: str = Field(primary_key=True, max_length=36)
    provider_id: str = Field(max_length=36)
    url: str = Field(max_length=500)
    description: str = Field(default="", max_length=200)
    event_types: list[str] = Field(sa_type=sa.JSON)
    # Needed in the clear to sign each message; shown to its owner once, when created.
    secret: str = Field(max_length=100)
    # The secret before the last rotation, stored as `secret` is: it signs beside the new one for
    # WEBHOOK_SECRET_OVERLAP_H after `secret_rotated_at`, and the retention job forgets it then.
    previous_secret: str | None = Field(default=None, max_length=100)
    secret_rotated_at: datetime | None = None
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=300)
    disabled_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None


async def subscriptions_of(session: AsyncSession, provider_id: str) -> list[WebhookSubscription]:
    query = select(WebhookSubscription).where(
        WebhookSubscription.provider_id == provider_id, col(WebhookSubscription.deleted_at).is_(None)
    )
    return list((await session.exec(query.order_by(col(WebhookSubscription.created_at)))).all())


async def subscription_of(
    session: AsyncSession, provider_id: str, subscription_id: str
) -> WebhookSubscription | None:
    query = select(WebhookSubscription).where(
        WebhookSubscription.id == subscription_id,
        WebhookSubscription.provider_id == provider_id,
        col(WebhookSubscription.deleted_at).is_(None),
    )
    return (await session.exec(query)).first()
