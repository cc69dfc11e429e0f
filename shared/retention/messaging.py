"""The sweeps every service's database needs: its outbox and its consumer inbox.

An outbox row that was never published is never touched, whatever its age: the relay still owes it to the
broker. A consumer inbox row exists only once its event was applied (the claim commits with the effects),
so forgetting it old never loses an unprocessed event; the window only has to outlast any duplicate of it.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from shared.messaging.inbox import InboxEntry
from shared.messaging.outbox import HAS_BODY, STRIPPED, OutboxMessage
from shared.retention.job import Sweep, batch_of, deleting_older
from shared.settings import Settings

_OUTBOX = SQLModel.metadata.tables[OutboxMessage.__tablename__]
_INBOX = SQLModel.metadata.tables[InboxEntry.__tablename__]


async def delete_published_outbox(
    connection: AsyncConnection, cutoff: datetime, limit: int
) -> dict[str, int]:
    old = (_OUTBOX.c.published_at.is_not(None), _OUTBOX.c.published_at < cutoff)
    chosen = batch_of(_OUTBOX.c.seq, where=old, limit=limit)
    result = await connection.execute(sa.delete(_OUTBOX).where(_OUTBOX.c.seq.in_(chosen)))
    return {"outbox": result.rowcount}


async def strip_published_outbox(connection: AsyncConnection, cutoff: datetime, limit: int) -> dict[str, int]:
    old = (_OUTBOX.c.published_at.is_not(None), _OUTBOX.c.published_at < cutoff, sa.text(HAS_BODY))
    chosen = batch_of(_OUTBOX.c.seq, where=old, limit=limit)
    result = await connection.execute(
        sa.update(_OUTBOX).where(_OUTBOX.c.seq.in_(chosen)).values(body=STRIPPED)
    )
    return {"outbox_bodies": result.rowcount}


forget_applied_events = deleting_older(
    "consumer_inbox", _INBOX, _INBOX.c.processed_at, _INBOX.c.consumer, _INBOX.c.event_id
)


def messaging_sweeps(settings: Settings) -> list[Sweep]:
    """Whole rows first: a row past both limits is deleted rather than stripped and then deleted."""
    return [
        Sweep("outbox", timedelta(days=settings.retention_outbox_days), delete_published_outbox),
        Sweep("outbox_bodies", timedelta(days=settings.retention_outbox_body_days), strip_published_outbox),
        Sweep(
            "consumer_inbox",
            timedelta(days=settings.retention_consumer_inbox_days),
            forget_applied_events,
        ),
    ]
