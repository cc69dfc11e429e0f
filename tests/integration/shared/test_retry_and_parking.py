"""A failing handler is retried with growing delay, parked after N attempts, and replayed by the
operator command to success; an undecodable message is parked at once."""

import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import pytest_asyncio
from sqlmodel import select

from services.notifications.storage.recipients import ProviderContact
from shared.clock import now_utc
from shared.db import create_engine, session_factory
from shared.events.application import ProviderRegisteredV1
from shared.events.envelope import CloudEvent, make_event
from shared.messaging.consumer import Consumer
from shared.messaging.parking import list_parked
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


class FlakyHandler:
    """Fails while `failing` is set, recording when each attempt came."""

    def __init__(self) -> None:
        self.failing = True
        self.attempts: list[float] = []

    async def __call__(self, uow: UnitOfWork, event: CloudEvent, payload: ProviderRegisteredV1) -> None:
        self.attempts.append(time.monotonic())
        uow.session.add(
            ProviderContact(
                provider_id=payload.provider_id,
                organisation_number=payload.organisation_number,
                name=payload.name,
                contact_email=payload.contact_email,
                updated_at=event.time,
            )
        )
        if self.failing:
            raise RuntimeError("the mail relay is down")


class Harness:
    def __init__(self, tmp: Path) -> None:
        self.prefix = f"t{uuid.uuid4().hex[:10]}"
        self.topology = Topology(self.prefix)
        self.handler = FlakyHandler()
        self.registry = HandlerRegistry("notifications")
        self.registry.handles("provider.registered")(self.handler)
        self.databases = Databases(tmp)


@pytest_asyncio.fixture
async def harness(tmp_path: Path) -> AsyncIterator[tuple[Harness, Consumer]]:
    h = Harness(tmp_path)
    url = (await h.databases.create())["notifications"]
    engine = create_engine(url)
    await upgrade_to_head(engine, "notifications")
    h.sessions = session_factory(engine)  # type: ignore[attr-defined]
    connection = await aio_pika.connect_robust(AMQP_URL)
    consumer = Consumer(
        h.registry,
        connection,
        h.topology,
        lambda: UnitOfWork(session_factory(engine, writes=True), "/tests", None),
        prefetch=4,
        retry_delays_ms=DELAYS,
        max_attempts=3,
    )
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


def _event() -> CloudEvent:
    return make_event(
        ProviderRegisteredV1(
            provider_id=str(uuid.uuid4()),
            organisation_number="556036-0793",
            name="Flaky AB",
            contact_email="a@flaky.example",
            registered_at=now_utc(),
        ),
        source="/tests",
    )


async def _parked(h: Harness) -> list[object]:
    settings = Settings(amqp_url=AMQP_URL, amqp_prefix=h.prefix)
    return list(await list_parked(settings, h.topology.parking_queue("notifications")))


async def _contacts(h: Harness) -> int:
    async with h.sessions() as session:  # type: ignore[attr-defined]
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
    assert parked[0].message_id == event.id  # type: ignore[attr-defined]
    assert parked[0].reason == "max_attempts"  # type: ignore[attr-defined]
    assert "mail relay is down" in (parked[0].error or "")  # type: ignore[attr-defined]
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
    assert [p.message_id for p in still] == ["broken-1"]  # type: ignore[attr-defined]
    assert h.handler.attempts == []  # parked at once, never handed to the handler
