"""Tells the owner in the inbox when a delivery failed for good: a webhook subscription disabled, an email
refused. Written through the unit of work with the change it tells of, like every other inbox entry."""

import uuid
from datetime import datetime

from services.notifications.actions.batch import BatchReads
from services.notifications.domain.failure_notices import (
    NOTICE_TYPES,
    audience_of,
    failure_notice,
    notice_event_id,
)
from services.notifications.domain.preferences import Channel
from services.notifications.storage.deliveries import Delivery
from services.notifications.storage.inbox import NewInboxEntry
from shared.unit_of_work import UnitOfWork


async def tell_owner(uow: UnitOfWork, failed: Delivery, base_url: str, now: datetime) -> None:
    reads = BatchReads.of(uow)
    audience = audience_of(failed.recipient)
    language = (await reads.preferences_of(failed.recipient, audience)).language
    text = failure_notice(
        failed.channel,
        delivery_id=failed.id,
        event_type=failed.event_type,
        target=failed.target,
        error=failed.last_error,
        language=language,
        base_url=base_url,
    )
    reads.add_entry(
        NewInboxEntry(
            id=str(uuid.uuid4()),
            recipient=failed.recipient,
            event_id=notice_event_id(failed.id),
            event_type=NOTICE_TYPES[failed.channel],
            subject=f"webhooks/{failed.target}" if failed.channel is Channel.WEBHOOK else None,
            title=text.title,
            body=text.body,
            link=text.link,
            language=language,
            created_at=now,
        )
    )
