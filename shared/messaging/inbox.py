"""Inbox: the ids of events a consumer has applied, committed in the same transaction as their effects."""

from datetime import datetime

from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.clock import now_utc
from shared.db import insert_ignoring_conflicts
from shared.events.envelope import CloudEvent


class InboxEntry(SQLModel, table=True):
    __tablename__ = "inbox"

    consumer: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(primary_key=True, max_length=64)
    event_type: str = Field(max_length=100)
    processed_at: datetime


async def claim(session: AsyncSession, consumer: str, event: CloudEvent) -> bool:
    """True when this consumer has not applied the event before; the claim commits with the effects."""
    statement = insert_ignoring_conflicts(session, InboxEntry).values(
        consumer=consumer, event_id=event.id, event_type=event.type, processed_at=now_utc()
    )
    result = await session.exec(statement)
    return bool(result.rowcount)
