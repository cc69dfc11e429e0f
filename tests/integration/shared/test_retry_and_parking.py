"""A failing handler is retried with growing delay, parked after N attempts, and replayed by the
operator command to success; an undecodable message is parked at once; messages applied together in one
transaction go through beside one that fails."""

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import pytest_asyncio
from aio_pika.abc import AbstractRobustConnection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from services.notifications.storage.recipients import ProviderContact
from shared.clock import now_utc
from shared.db import SessionFactory, create_engine, session_factory
from shared.events.application import ProviderRegisteredV1
from shared.events.envelope import CloudEvent, make_event
from shared.messaging.consumer import Consumer
from shared.messaging.errors import PermanentError
from shared.messaging.parking import ParkedMessage, list_parked
from shared.messaging.registry import HandlerRegistry
from shared.messaging.topology import Topology
from shared.migrations import upgrade_to_head
from shared.settings import Settings
from shared.unit_of_work import UnitOfWork
from tests.support.broker import AMQP_URL, delete_topology
from tests.support.databases import Databases
from tests.support.polling import eventually
from tests.support.processes import run_module

DELAYS = (300, 600)


def _record_contact(uow: UnitOfWork, event: CloudEvent, payload: ProviderRegisteredV1) -> None:
    """The handlers' effect, which a failure must roll back."""
    uow.session.add(
        ProviderContact(
            provider_id=payload.provider_id,
            name=payload.name,
            contact_email=payload.contact_email,
            updated_at=event.time,
        )
    )


class FlakyHandler:
    """Fails while `failing` is set, recording when each attempt came."""

    def __init__(self) -> None:
        self.failing = True
        self.attempts: list[float] = []

    async def __call__(self, uow: UnitOfWork, event: CloudEvent, payload: ProviderRegisteredV1) -> None:
        self.attempts.append(time.monotonic())
        _record_contact(uow, event, payload)
        if self.failing:
            raise RuntimeError("the mail relay is down")


class Harness:
    # Set by the fixture once the database and the broker connection are up.
    engine: AsyncEngine
    sessions: SessionFactory
    connection: AbstractRobustConnection

    def __init__(self, tmp: Path) -> None:
        self.prefix = f"t{uuid.uuid4().hex[:10]}"
        self.topology = Topology(self.prefix)
        self.handler = FlakyHandler()
        self.registry = HandlerRegistry("notifications")
        self.registry.handles("provider.registered")(self.handler)
        self.databases = Databases(tmp)


def _consumer(h: Harness, registry: HandlerRegistry, connection: AbstractRobustConnection) -> Consumer:
    return Consumer(
        registry,
        connection,
        h.topology,
        lambda: UnitOfWork(session_factory(h.engine, writes=True), "/tests", None),
        prefetch=4,
        retry_delays_ms=DELAYS,
        max_attempts=3,
    )


@pytest_asyncio.fixture
async def harness(tmp_path: Path) -> AsyncIterator[tuple[Harness, Consumer]]:
    h = Harness(tmp_path)
    url = (await h.databases.create())["notifications"]
    engine = create_engine(url)
    await upgrade_to_head(engine, "notifications")
    h.engine = engine
    h.sessions = session_factory(engine)
    connection = await aio_pika.connect_robust(AMQP_URL)
    h.connection = connection
    consumer = _consumer(h, h.registry, connection)
    await consumer.start()
    yield h, consumer
    await consumer.stop()
    await connection.close()
    await engine.dispose()
    await delete_topology(h.prefix, DELAYS, services=("notifications",))
    await h.databases.drop()


async def _publish(h: Harness, body: bytes, event_type: str, message_id: str) -> None:
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(h.topology.events_exchange)
        await exchange.publish(
            aio_pika.Message(
                body, message_id=message_id, type=event_type, delivery_mode=aio_pika.DeliveryMode.PERSISTENT
            ),
            routing_key=event_type,
            timeout=10,
        )


class OneBrokenHandler:
    """Fails for the provider named "Trasig AB" only, recording which unit of work applied each event."""

    def __init__(self) -> None:
        self.applied: list[tuple[int, str]] = []

    async def __call__(self, uow: UnitOfWork, event: CloudEvent, payload: ProviderRegisteredV1) -> None:
        self.applied.append((id(uow), payload.name))
        _record_contact(uow, event, payload)
        if payload.name == "Trasig AB":
            raise RuntimeError("this one cannot be applied")


def _event(name: str = "Flaky AB") -> CloudEvent:
    return make_event(
        ProviderRegisteredV1(
            provider_id=str(uuid.uuid4()),
            name=name,
            contact_email="a@flaky.example",
            registered_at=now_utc(),
        ),
        source="/tests",
    )


async def _parked(h: Harness) -> list[ParkedMessage]:
    settings = Settings(amqp_url=AMQP_URL, amqp_prefix=h.prefix)
    return list(await list_parked(settings, h.topology.parking_queue("notifications")))


async def _contacts(h: Harness) -> int:
    async with h.sessions() as session:
        return len((await session.exec(select(ProviderContact))).all())


async def test_failing_handler_is_retried_with_growing_delay_then_parked_and_replayed(
    harness: tuple[Harness, Consumer],
) -> None:
    h, _ = harness
    event = _event()
    await _publish(h, event.model_dump_json().encode(), event.type, event.id)

    parked = await eventually(lambda: _parked(h), timeout=20, what="the message to be parked")
    assert len(h.handler.attempts) == 3
    first_gap = h.handler.attempts[1] - h.handler.attempts[0]
    second_gap = h.handler.attempts[2] - h.handler.attempts[1]
    assert first_gap >= DELAYS[0] / 1000 * 0.9
    assert second_gap >= DELAYS[1] / 1000 * 0.9
    assert len(parked) == 1
    assert parked[0].message_id == event.id
    assert parked[0].reason == "max_attempts"
    assert "mail relay is down" in (parked[0].error or "")
    assert await _contacts(h) == 0  # each failed attempt rolled back its effects

    h.handler.failing = False
    env = {"AMQP_URL": AMQP_URL, "AMQP_PREFIX": h.prefix}
    replayed = await run_module(
        "shared.messaging.parking", "replay", event.id, "--service", "notifications", env=env
    )
    assert replayed.code == 0, replayed.err
    assert event.id in replayed.out

    await eventually(lambda: _contacts(h), what="the replayed message to be handled")
    assert len(h.handler.attempts) == 4
    assert await _parked(h) == []


async def test_list_and_show_leave_parked_messages_in_place(harness: tuple[Harness, Consumer]) -> None:
    h, _ = harness
    await _publish(h, b"{not a cloud event", "provider.registered", "broken-1")
    await eventually(lambda: _parked(h), what="the undecodable message to be parked")
    env = {"AMQP_URL": AMQP_URL, "AMQP_PREFIX": h.prefix}
    for args in (["list"], ["show", "broken-1"]):
        finished = await run_module("shared.messaging.parking", *args, "--service", "notifications", env=env)
        assert finished.code == 0, finished.err
        assert "broken-1" in finished.out and "undecodable" in finished.out
    still = await _parked(h)
    assert [p.message_id for p in still] == ["broken-1"]
    assert h.handler.attempts == []  # parked at once, never handed to the handler


async def test_messages_applied_together_go_through_beside_one_that_fails(
    harness: tuple[Harness, Consumer],
) -> None:
    h, first = harness
    # Stopped, the consumer leaves its queue in place: what is published now waits there, and comes to the
    # next consumer together (up to its prefetch of 4).
    await first.stop()
    events = [_event(f"Hel {n} AB") for n in range(5)] + [_event("Trasig AB")] + [_event("Hel 5 AB")]
    for event in events:
        await _publish(h, event.model_dump_json().encode(), event.type, event.id)
    handler = OneBrokenHandler()
    registry = HandlerRegistry("notifications")
    registry.handles("provider.registered")(handler)
    consumer = _consumer(h, registry, h.connection)
    await consumer.start()
    try:
        parked = await eventually(lambda: _parked(h), timeout=20, what="the broken message to be parked")

        async def all_the_others() -> bool:
            return await _contacts_named(h, "Hel") == 6

        await eventually(all_the_others, what="every other message applied")
    finally:
        await consumer.stop()
    assert [p.message_id for p in parked] == [events[5].id]
    per_unit_of_work = Counter(unit for unit, _ in handler.applied)
    assert max(per_unit_of_work.values()) > 1, "some messages were applied in one transaction"
    assert await _contacts_named(h, "Trasig") == 0


async def _contacts_named(h: Harness, prefix: str) -> int:
    async with h.sessions() as session:
        query = select(ProviderContact).where(col(ProviderContact.name).startswith(prefix))
        return len((await session.exec(query)).all())


async def test_the_consumer_lives_on_when_parking_fails(harness: tuple[Harness, Consumer]) -> None:
    h, first = harness
    await first.stop()

    async def handler(uow: UnitOfWork, event: CloudEvent, payload: ProviderRegisteredV1) -> None:
        if payload.name == "Trasig AB":
            raise PermanentError("cannot ever be applied")
        _record_contact(uow, event, payload)

    registry = HandlerRegistry("notifications")
    registry.handles("provider.registered")(handler)
    consumer = _consumer(h, registry, h.connection)
    await consumer.start()
    try:
        # The channel it parks on goes away: the broken message can be neither parked nor acked.
        await consumer._publisher.close()  # type: ignore[union-attr]
        broken, good = _event("Trasig AB"), _event("Hel AB")
        await _publish(h, broken.model_dump_json().encode(), broken.type, broken.id)
        await asyncio.sleep(0.5)
        await _publish(h, good.model_dump_json().encode(), good.type, good.id)

        async def applied() -> bool:
            return await _contacts_named(h, "Hel") == 1

        await eventually(applied, what="the next message to be applied")
    finally:
        await consumer.stop()
