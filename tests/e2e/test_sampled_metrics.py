"""The gauges and the histogram /metrics shows of the messaging: events consumed and their age, a work
queue's depth and its parked messages, the oldest event waiting in the outbox while the broker is away,
and the deliveries waiting to go out. Each moves after an action whose effect is known."""

from collections.abc import AsyncIterator

import aio_pika
import pytest_asyncio
from aiohttp.test_utils import unused_port
from prometheus_client.parser import text_string_to_metric_families
from yarl import URL

from shared.messaging.topology import Topology
from tests.support.applications import fill_application
from tests.support.broker import AMQP_URL
from tests.support.polling import eventually
from tests.support.system import System, start_system, stop_system
from tests.support.tcp_proxy import TcpProxy


@pytest_asyncio.fixture
async def proxied() -> AsyncIterator[tuple[System, TcpProxy]]:
    broker = URL(AMQP_URL)
    proxy = TcpProxy(broker.host or "127.0.0.1", broker.port or 5672)
    await proxy.start()
    url = str(broker.with_port(proxy.port).with_query({"reconnect_interval": "0.5"}))
    # Emails go to a port where no mail server listens: they wait, pending, for an hour's retry.
    system = await start_system(
        amqp_url=url,
        metrics_sample_interval_s=0.1,
        smtp_host="127.0.0.1",
        smtp_port=unused_port(),
        delivery_poll_interval_s=0.1,
        delivery_retry_delays_s=(3600.0,),
    )
    yield system, proxy
    await proxy.restore()
    await stop_system(system)
    await proxy.close()


async def _value(system: System, name: str, **labels: str) -> float | None:
    """The sample `name` with `labels` on the system's /metrics, None when it is not there."""
    response = await system.client.get("/metrics")
    assert response.status == 200
    for family in text_string_to_metric_families(await response.text()):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return None


async def test_the_messaging_gauges_follow_what_happens(proxied: tuple[System, TcpProxy]) -> None:
    system, proxy = proxied
    work = Topology(system.settings.amqp_prefix).work_queue("notifications")
    consumed_before = await _value(system, "consumer_event_age_seconds_count", consumer="notifications") or 0

    provider = await system.register_provider("Mätaren AB")

    async def consumed() -> bool:
        after = await _value(system, "consumer_event_age_seconds_count", consumer="notifications")
        return after is not None and after > consumed_before

    await eventually(consumed, what="the registration's events consumed and their age observed")

    # The registration's invitation email cannot be sent: it waits, and the gauge counts it.
    async def waiting_counted() -> bool:
        pending = await system.count("notifications", "deliveries", "status = 'pending'")
        return (
            pending >= 1
            and await _value(system, "notification_deliveries_waiting", status="pending") == pending
        )

    await eventually(waiting_counted, what="the pending deliveries counted")
    assert await _value(system, "notification_deliveries_waiting", status="held") == 0

    assert await _value(system, "messaging_parked_messages", queue=work) == 0
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        await channel.default_exchange.publish(aio_pika.Message(b"{not a cloud event"), routing_key=work)

    async def parked() -> bool:
        return await _value(system, "messaging_parked_messages", queue=work) == 1

    await eventually(parked, what="the undecodable message counted as parked")
    assert await _value(system, "messaging_queue_depth", queue=work) == 0

    application = await system.start_application(provider, "hemtjanst")
    await fill_application(system.client, "", provider.auth, application["id"])
    await proxy.cut()
    response = await system.client.post(f"/applications/{application['id']}/submit", headers=provider.auth)
    assert response.status == 200

    async def outbox_waits() -> bool:
        age = await _value(system, "outbox_oldest_unpublished_age_seconds", service="application")
        return age is not None and age >= 0.5

    await eventually(outbox_waits, what="the unpublished event's age to grow while the broker is away")
    await proxy.restore()

    async def drained() -> bool:
        unpublished = await system.count("application", "outbox", "published_at IS NULL")
        age = await _value(system, "outbox_oldest_unpublished_age_seconds", service="application")
        return unpublished == 0 and age == 0

    await eventually(drained, timeout=30, what="the outbox drained and its gauge back to 0")
