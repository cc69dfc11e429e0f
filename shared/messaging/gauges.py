"""What the messaging of a service looks like from outside, sampled (shared/sampling.py): how long its
oldest unpublished outbox event has waited, and how many messages wait in its work queue and its parking
queue (a passive declare answers the count without touching the messages)."""

import sqlalchemy as sa
from aio_pika.abc import AbstractRobustChannel, AbstractRobustConnection
from prometheus_client import Gauge

from shared.clock import now_utc
from shared.db import SessionFactory
from shared.messaging.outbox import OutboxMessage
from shared.messaging.topology import Topology
from shared.sampling import Sample

OUTBOX_OLDEST_AGE = Gauge(
    "outbox_oldest_unpublished_age_seconds",
    "Age of the oldest outbox event not yet published (0 when none waits)",
    ["service"],
)
QUEUE_DEPTH = Gauge("messaging_queue_depth", "Messages waiting in a consumer's work queue", ["queue"])
PARKED = Gauge(
    "messaging_parked_messages", "Messages parked from a work queue, waiting for a person", ["queue"]
)

_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
# Through the index of unpublished rows (by seq): the oldest written is the first by seq.
_OLDEST = (
    sa.select(_OUTBOX.c.created_at).where(_OUTBOX.c.published_at.is_(None)).order_by(_OUTBOX.c.seq).limit(1)
)


def outbox_age(service: str, reads: SessionFactory) -> Sample:
    async def outbox_oldest_age() -> None:
        async with reads() as session:
            oldest = (await (await session.connection()).execute(_OLDEST)).scalar_one_or_none()
        age = 0.0 if oldest is None else max((now_utc() - oldest).total_seconds(), 0.0)
        OUTBOX_OLDEST_AGE.labels(service).set(age)

    return outbox_oldest_age


def queue_depths(connection: AbstractRobustConnection, topology: Topology, consumer: str) -> Sample:
    channel: AbstractRobustChannel | None = None
    work, parking = topology.work_queue(consumer), topology.parking_queue(consumer)

    async def queue_depth_and_parked() -> None:
        nonlocal channel
        if channel is None or channel.is_closed:
            # A passive declare of a queue not (yet) there closes the channel: the next sample opens another.
            channel = await connection.channel()
        for queue, gauge in ((work, QUEUE_DEPTH), (parking, PARKED)):
            # Not robust: a robust channel answers a passive declare of a queue it knows from memory.
            declared = await channel.declare_queue(queue, passive=True, robust=False)
            count = declared.declaration_result.message_count
            gauge.labels(work).set(count or 0)

    return queue_depth_and_parked
