"""The machine's RabbitMQ, used under a unique name prefix per system under test, cleaned up after."""

import os

import aio_pika

from shared.events.envelope import CloudEvent
from shared.messaging.topology import Topology
from shared.settings import SERVICES

AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


async def delete_topology(
    prefix: str, retry_delays_ms: tuple[int, ...], services: tuple[str, ...] = SERVICES
) -> None:
    topology = Topology(prefix)
    connection = await aio_pika.connect(AMQP_URL)
    try:
        channel = await connection.channel()
        for service in services:
            for queue in topology.queues_of(service, retry_delays_ms):
                # channel.queue_delete is unguarded; Queue.delete's if_unused/if_empty would close the
                # connection on a quorum queue.
                await channel.queue_delete(queue)
        await channel.queue_delete(topology.unrouted_queue)
        await channel.exchange_delete(topology.events_exchange)
        await channel.exchange_delete(topology.unrouted_exchange)
    finally:
        await connection.close()


async def publish(amqp_url: str, prefix: str, events: list[CloudEvent]) -> None:
    """Publishes events on the system's exchange as the outbox relay would: persistent, confirmed."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(Topology(prefix).events_exchange)
        for event in events:
            await exchange.publish(
                aio_pika.Message(
                    event.model_dump_json().encode(),
                    message_id=event.id,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=event.type,
                timeout=10,
            )


async def messages_waiting(amqp_url: str, queue: str) -> int:
    """Messages ready on `queue`: with its consumer stopped, those it never acked are back among them."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        count = declared.declaration_result.message_count
        return int(count) if count is not None else 0
