"""The outbox relay publishes the events this process commits as they commit, in order, without reading
them back, and on SQLite never keeps writers waiting while it waits for the broker. (A relay that fails
to publish reads the table again: tests/faults/test_broker_outage.py.)"""

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aio_pika
import pytest
import pytest_asyncio
import sqlalchemy as sa
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection
from prometheus_client import REGISTRY
from yarl import URL

from shared.messaging.outbox import OutboxRelay, outbox_row, write_outbox
from shared.messaging.topology import Topology, declare_events_exchange
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from tests.support.broker import AMQP_URL, delete_topology
from tests.support.databases import Databases
from tests.support.events import example_event, example_payload
from tests.support.polling import eventually
from tests.support.tcp_proxy import TcpProxy


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


async def _commit(runtime: ServiceRuntime, *names: str) -> list[str]:
    async with runtime.uow() as uow:
        ids = [uow.publish(example_payload("provider.updated", name=name)).id for name in names]
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


def _marks(statements: list[str]) -> list[str]:
    """How the relay marked rows published, in order: "handed" for rows handed over by the commits of this
    process (marked by event id), "read" for rows a read of the table found (marked by sequence)."""
    updates = [s for s in statements if s.lstrip().upper().startswith("UPDATE OUTBOX SET PUBLISHED_AT")]
    return ["handed" if "outbox.event_id IN" in s else "read" for s in updates]


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
    # A read of the table may come (a poll is the relay's safety net), but none found these events: they
    # were published as they were handed over, and marked so, in one statement.
    assert _marks(relayed.statements) == ["handed"]
    assert relayed.arrived.empty()


async def _all_published(runtime: ServiceRuntime) -> bool:
    return await _unpublished(runtime) == 0


async def _publishing(runtime: ServiceRuntime) -> bool:
    """The relay's last read found a row (and it is publishing it)."""
    return bool(REGISTRY.get_sample_value("outbox_pending", {"service": runtime.name}))


async def test_on_sqlite_a_relay_waiting_for_the_broker_leaves_the_database_to_writers(
    tmp_path: Path,
) -> None:
    """SQLite has one writer: a relay that held the write lock while its publish waited for a confirm
    would hold every unit of work of the process back for as long."""
    databases = Databases(tmp_path)
    url = (await databases.create())["application"]
    if not url.startswith("sqlite"):
        await databases.drop()
        pytest.skip("one writer at a time is SQLite's")
    runtime = ServiceRuntime.on_database("application", url)
    elsewhere = ServiceRuntime.on_database("application", url)  # another process's units of work
    await upgrade_to_head(runtime.engine, "application")
    broker = URL(AMQP_URL)
    proxy = TcpProxy(broker.host or "127.0.0.1", broker.port or 5672)
    await proxy.start()
    connection = await aio_pika.connect_robust(str(broker.with_port(proxy.port)))
    topology = Topology(f"relay{uuid.uuid4().hex[:8]}")
    runtime.relay = OutboxRelay(
        "application", runtime.writes, connection, topology, poll_interval_s=0.1, gate=runtime.write_gate
    )
    relay = asyncio.create_task(runtime.relay.run())
    try:
        await _commit(runtime, "before the stall")
        await eventually(lambda: _all_published(runtime), what="the relay caught up")
        proxy.stall()
        await _commit(elsewhere, "read by the relay's poll")  # not handed over: the relay reads it
        await eventually(lambda: _publishing(runtime), what="the relay waiting for a confirm")

        started = time.monotonic()
        await asyncio.wait_for(_commit(runtime, "while the relay waits"), 5)
        assert time.monotonic() - started < 2
    finally:
        relay.cancel()
        await asyncio.gather(relay, return_exceptions=True)
        proxy.resume()
        await connection.close()
        await proxy.close()
        await delete_topology(topology.prefix, ())
        for engine in (runtime.engine, elsewhere.engine):
            await engine.dispose()
        await databases.drop()


async def _committed_elsewhere(runtime: ServiceRuntime, name: str) -> dict[str, Any]:
    """An event's row committed without telling the relay (as another process would); answers the row,
    for the test to hand over as this process's unit of work would once it committed it."""
    row = outbox_row(example_event("provider.updated", name=name))
    async with contextlib.AsyncExitStack() as stack:
        if runtime.write_gate is not None:
            await stack.enter_async_context(runtime.write_gate)
        session = await stack.enter_async_context(runtime.writes())
        await write_outbox(session, [row])
        await session.commit()
    return row


async def test_events_committed_while_a_read_publishes_leave_after_it_in_the_order_committed(
    tmp_path: Path,
) -> None:
    """A read does not see what is committed after it began. Such an event, announced while the read's
    batch is being published, and a later one announced only as the batch is being marked, leave after the
    batch in the order they were committed: the later one is not handed over ahead of the earlier."""
    databases = Databases(tmp_path)
    runtime = ServiceRuntime.on_database("application", (await databases.create())["application"])
    await upgrade_to_head(runtime.engine, "application")
    broker = URL(AMQP_URL)
    proxy = TcpProxy(broker.host or "127.0.0.1", broker.port or 5672)
    await proxy.start()
    connection = await aio_pika.connect_robust(str(broker.with_port(proxy.port)))
    topology = Topology(f"relay{uuid.uuid4().hex[:8]}")
    listening = await aio_pika.connect_robust(AMQP_URL)
    channel = await listening.channel()
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(await declare_events_exchange(channel, topology), routing_key="provider.updated")
    arrived: asyncio.Queue[str] = asyncio.Queue()

    async def on_message(message: AbstractIncomingMessage) -> None:
        await message.ack()
        arrived.put_nowait(message.message_id or "")

    await queue.consume(on_message)
    relay = OutboxRelay(
        "application", runtime.writes, connection, topology, poll_interval_s=0.2, gate=runtime.write_gate
    )
    runtime.relay = relay
    running = asyncio.create_task(relay.run())
    loop = asyncio.get_running_loop()
    try:
        first = await _commit(runtime, "first")
        assert [await asyncio.wait_for(arrived.get(), 10)] == first
        await eventually(lambda: _all_published(runtime), what="the relay caught up")

        proxy.stall()
        committed: list[bool] = []
        reads: list[str] = []

        def read(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if committed and statement.lstrip().startswith("SELECT") and "outbox.body" in statement:
                reads.append(statement)

        sa.event.listen(runtime.engine.sync_engine, "before_cursor_execute", read)
        batch = await _committed_elsewhere(runtime, "read by a poll")
        committed.append(True)

        async def polled() -> bool:
            return bool(reads)

        # The next poll reads the batch, and its publication waits for the stalled broker.
        await eventually(polled, what="the relay's poll reading the batch")
        earlier = await _committed_elsewhere(runtime, "committed while the batch is published")
        relay.wake([earlier])
        later = await _committed_elsewhere(runtime, "announced as the batch is marked")
        announced: list[bool] = []

        def announce_later(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            # The batch is marked once its publication is decided: the later commit announces itself then.
            marking = statement.startswith("UPDATE outbox SET published_at") and "outbox.seq IN" in statement
            if marking and not announced:
                announced.append(True)
                loop.call_soon_threadsafe(relay.wake, [later])

        sa.event.listen(runtime.engine.sync_engine, "before_cursor_execute", announce_later)
        proxy.resume()
        order = [await asyncio.wait_for(arrived.get(), 10) for _ in range(3)]
        assert announced
        assert order == [batch["event_id"], earlier["event_id"], later["event_id"]]
        await eventually(lambda: _all_published(runtime), what="every event marked published")
        assert arrived.empty()
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        proxy.resume()
        await connection.close()
        await listening.close()
        await proxy.close()
        await delete_topology(topology.prefix, ())
        await runtime.engine.dispose()
        await databases.drop()
