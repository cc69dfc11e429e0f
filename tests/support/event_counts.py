"""Counting end to end by event id: what each service published (its outbox) against what each consumer
applied (its inbox) and the work items the applied events made. A duplicate would show as a second work
item; a lost event as an outbox id no inbox holds."""

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.notifications.consumers import NOTIFYING_EVENTS

# What the notifications service applies (services/notifications/consumers.py handlers).
NOTIFIED = NOTIFYING_EVENTS | {"provider.registered", "provider.updated", "api_client.revoked"}

Rows = Callable[[str, str], Awaitable[list[tuple[object, ...]]]]


def reader(engines: dict[str, AsyncEngine]) -> Rows:
    """A query function over the services' databases, by service name."""

    async def rows(service: str, sql: str) -> list[tuple[object, ...]]:
        async with engines[service].connect() as connection:
            return [tuple(row) for row in await connection.execute(sa.text(sql))]

    return rows


@dataclass(frozen=True)
class Tally:
    published: dict[str, str]  # event id -> type, from the application service's outbox
    unpublished: int
    applied: Counter[str]  # event id -> inbox rows in the notifications service
    work_items: Counter[str]  # subject -> work items

    def lost(self) -> set[str]:
        return {event_id for event_id, kind in self.published.items() if kind in NOTIFIED} - set(self.applied)

    def doubled_work(self, subjects: Iterable[str]) -> dict[str, int]:
        return {subject: self.work_items[subject] for subject in subjects if self.work_items[subject] != 1}


async def tally(rows: Rows) -> Tally:
    outbox = await rows("application", "SELECT event_id, event_type FROM outbox")
    published = {str(event_id): str(kind) for event_id, kind in outbox}
    unpublished = len(await rows("application", "SELECT event_id FROM outbox WHERE published_at IS NULL"))
    inbox = await rows("notifications", "SELECT event_id FROM inbox WHERE consumer = 'notifications'")
    applied = Counter(str(event_id) for (event_id,) in inbox)
    work = Counter(str(s) for (s,) in await rows("notifications", "SELECT subject FROM work_items"))
    return Tally(published, unpublished, applied, work)
