"""No event is lost to routing: a relay declares every consumer's queue before it publishes, so an event
published before its consumer ever started waits in that consumer's queue; and an event that did reach the
unrouted queue is replayed to the queues bound to its type by the operator command."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import pytest_asyncio
import sqlalchemy as sa

from shared.messaging.outbox import OutboxRelay
from shared.messaging.parking import list_parked, replay
from shared.messaging.topology import (
    SUBSCRIPTIONS,
    Topology,
    declare_events_exchange,
    declare_every_service_queue,
)
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from shared.settings import SERVICES, Settings
from tests.support.broker import AMQP_URL, delete_topology, messages_waiting, publish
from tests.support.databases import Databases
from tests.support.events import example_event, example_payload
from tests.support.polling import eventually

DELAYS = (200, 400)


@pytest_asyncio.fixture
async def topology() -> AsyncIterator[Topology]:
    prefix = Topology(f"t{uuid.uuid4().hex[:10]}")
    yield prefix
    await delete_topology(prefix.prefix, DELAYS)


async def _waiting(topology: Topology) -> dict[str, int]:
    queues = {service: topology.work_queue(service) for service in SERVICES}
    counts = {service: await messages_waiting(AMQP_URL, queue) for service, queue in queues.items()}
    return {**counts, "unrouted": await messages_waiting(AMQP_URL, topology.unrouted_queue)}


async def test_an_event_published_before_its_consumer_ever_started_waits_in_its_queue(
    topology: Topology, tmp_path: Path
) -> None:
    databases = Databases(tmp_path)
    runtime = ServiceRuntime.on_database("application", (await databases.create())["application"])
    await upgrade_to_head(runtime.engine, "application")
    connection = await aio_pika.connect_robust(AMQP_URL)
    runtime.relay = OutboxRelay(
        "application", runtime.writes, connection, topology, poll_interval_s=0.1, retry_delays_ms=DELAYS
    )
    relay = asyncio.create_task(runtime.relay.run())
    try:
        async with runtime.uow() as uow:
            uow.publish(example_payload("provider.registered"))
            await uow.commit()

        async def published() -> bool:
            async with runtime.engine.connect() as conn:
                query = sa.text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                return int((await conn.execute(query)).scalar_one()) == 0

        await eventually(published, what="the event published")
    finally:
        relay.cancel()
        await asyncio.gather(relay, return_exceptions=True)
        await connection.close()
        await runtime.engine.dispose()
        await databases.drop()
    assert "provider.registered" in SUBSCRIPTIONS["notifications"]
    assert "provider.registered" not in SUBSCRIPTIONS["reporting"]
    assert await _waiting(topology) == {"notifications": 1, "reporting": 0, "application": 0, "unrouted": 0}


async def test_an_unrouted_event_is_listed_and_replayed_to_the_queues_bound_to_its_type_now(
    topology: Topology,
) -> None:
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        await declare_events_exchange(await connection.channel(), topology)
        event = example_event("provider.registered")
        await publish(AMQP_URL, topology.prefix, [event])
        settings = Settings(amqp_url=AMQP_URL, amqp_prefix=topology.prefix)
        assert [parked.message_id for parked in await list_parked(settings, topology.unrouted_queue)] == [
            event.id
        ]

        await declare_every_service_queue(await connection.channel(), topology, DELAYS)
        assert await replay(settings, topology.unrouted_queue, None) == [event.id]

    assert await _waiting(topology) == {"notifications": 1, "reporting": 0, "application": 0, "unrouted": 0}
