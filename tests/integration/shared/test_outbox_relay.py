"""The outbox relay publishes the events this process commits as they commit, in order, without reading
them back. (A relay that fails to publish reads the table again: tests/faults/test_broker_outage.py.)"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aio_pika
import pytest_asyncio
import sqlalchemy as sa
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from shared.clock import now_utc
from shared.events.application import ProviderUpdatedV1
from shared.messaging.outbox import OutboxRelay
from shared.messaging.topology import Topology, declare_events_exchange
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from tests.support.broker import AMQP_URL
from tests.support.databases import Databases
from tests.support.polling import eventually


@dataclass
class Relayed:
    runtime: ServiceRuntime
    connection: AbstractRobustConnection
    arrived: "asyncio.Queue[str]"
    statements: list[str]


@pytest_asyncio.fixture
async def relayed(tmp_path: Path) -> AsyncIterator[Relayed]:
    """An application runtime whose relay polls only once a minute, and a queue that hears its events."""
    databases = Databases(tmp_path)
    runtime = ServiceRuntime.on_database("application", (await databases.create())["application"])
    await upgrade_to_head(runtime.engine, "application")
    topology = Topology(f"relay{uuid.uuid4().hex[:8]}")
    connection = await aio_pika.connect_robust(AMQP_URL)
    channel = await connection.channel()
    exchange = await declare_events_exchange(channel, topology)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, routing_key="provider.updated")
    arrived: asyncio.Queue[str] = asyncio.Queue()

    async def on_message(message: AbstractIncomingMessage) -> None:
        await message.ack()
        arrived.put_nowait(message.message_id or "")

    await queue.consume(on_message)
    statements: list[str] = []

    def executed(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(runtime.engine.sync_engine, "before_cursor_execute", executed)
    runtime.relay = OutboxRelay("application", runtime.writes, connection, topology, poll_interval_s=60)
    relay = asyncio.create_task(runtime.relay.run())
    try:
        yield Relayed(runtime, connection, arrived, statements)
    finally:
        relay.cancel()
        await asyncio.gather(relay, return_exceptions=True)
        await channel.exchange_delete(topology.events_exchange)
        await channel.exchange_delete(topology.unrouted_exchange)
        await channel.queue_delete(topology.unrouted_queue)
        await connection.close()
        await runtime.engine.dispose()
        await databases.drop()


def _updated(name: str) -> ProviderUpdatedV1:
    return ProviderUpdatedV1(
        provider_id=str(uuid.uuid4()),
        organisation_number="556036-0793",
        name=name,
        contact_email="kontakt@example.org",
        updated_at=now_utc(),
    )


async def _commit(runtime: ServiceRuntime, *names: str) -> list[str]:
    async with runtime.uow() as uow:
        ids = [uow.publish(_updated(name)).id for name in names]
        await uow.commit()
    return ids


async def _arrivals(relayed: Relayed, count: int) -> list[str]:
    return [await asyncio.wait_for(relayed.arrived.get(), 10) for _ in range(count)]


async def _unpublished(runtime: ServiceRuntime) -> int:
    async with runtime.engine.connect() as conn:
        return int(
            (
                await conn.execute(sa.text("SELECT count(*) FROM outbox WHERE published_at IS NULL"))
            ).scalar_one()
        )


def _relay_reads(statements: list[str]) -> list[str]:
    """The relay's reads of waiting rows: they fetch the events' bodies."""
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and "outbox.body" in s]


async def test_events_this_process_commits_leave_in_order_without_the_outbox_being_read(
    relayed: Relayed,
) -> None:
    # The relay's first pass reads the table; once that found nothing left, it is caught up.
    first = await _commit(relayed.runtime, "first")
    assert await _arrivals(relayed, 1) == first
    await eventually(lambda: _all_published(relayed.runtime), what="the first event marked published")
    relayed.statements.clear()

    published = await _commit(relayed.runtime, "A", "B", "C")
    assert await _arrivals(relayed, 3) == published
    await eventually(lambda: _all_published(relayed.runtime), what="the events marked published")
    assert _relay_reads(relayed.statements) == []
    assert relayed.arrived.empty()


async def _all_published(runtime: ServiceRuntime) -> bool:
    return await _unpublished(runtime) == 0
