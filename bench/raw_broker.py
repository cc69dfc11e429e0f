"""The broker's raw ceiling on this machine: plain aio-pika, persistent messages with publisher confirms
through a durable quorum queue to a consumer that acks each one. Nothing of the project runs here, so
every pipeline figure can be read as a share of what RabbitMQ itself allows.

    uv run python -m bench.raw_broker [--messages 5000] [--round-trips 300]
"""

import argparse
import asyncio
import time
import uuid
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from bench.figures import percentile
from shared.messaging.outbox import BATCH_SIZE
from shared.settings import Settings

# As many unconfirmed publishes in flight as the outbox relay allows itself, so the two are comparable.
IN_FLIGHT = BATCH_SIZE


@dataclass(frozen=True)
class BrokerCeiling:
    messages_per_s: float
    round_trip_p50_ms: float
    round_trip_p99_ms: float


async def measure(amqp_url: str, messages: int, round_trips: int) -> BrokerCeiling:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        await channel.set_qos(prefetch_count=Settings().consumer_prefetch)  # as the services' consumers
        queue = await channel.declare_queue(
            f"bench-raw-{uuid.uuid4().hex[:8]}", durable=True, arguments={"x-queue-type": "quorum"}
        )
        try:
            rate = await _throughput(channel, queue, messages)
            p50, p99 = await _round_trips(channel, queue, round_trips)
        finally:
            await channel.queue_delete(queue.name)
    return BrokerCeiling(rate, p50, p99)


async def _throughput(
    channel: aio_pika.abc.AbstractChannel, queue: aio_pika.abc.AbstractQueue, count: int
) -> float:
    done = asyncio.Event()
    received = 0

    async def on_message(message: AbstractIncomingMessage) -> None:
        nonlocal received
        await message.ack()
        received += 1
        if received == count:
            done.set()

    tag = await queue.consume(on_message)
    body = b'{"type": "bench", "data": {"n": 0}}' * 8  # about the size of an event envelope
    started = time.perf_counter()
    for first in range(0, count, IN_FLIGHT):
        await asyncio.gather(
            *(
                channel.default_exchange.publish(
                    aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=queue.name,
                )
                for _ in range(first, min(first + IN_FLIGHT, count))
            )
        )
    await done.wait()
    elapsed = time.perf_counter() - started
    await queue.cancel(tag)
    return count / elapsed


async def _round_trips(
    channel: aio_pika.abc.AbstractChannel, queue: aio_pika.abc.AbstractQueue, count: int
) -> tuple[float, float]:
    """One message at a time: from the start of its publish to its arrival at the consumer."""
    arrived: asyncio.Queue[float] = asyncio.Queue()

    async def on_message(message: AbstractIncomingMessage) -> None:
        arrived.put_nowait(time.perf_counter())
        await message.ack()

    tag = await queue.consume(on_message)
    times = []
    for _ in range(count):
        sent = time.perf_counter()
        await channel.default_exchange.publish(
            aio_pika.Message(b"{}", delivery_mode=aio_pika.DeliveryMode.PERSISTENT), routing_key=queue.name
        )
        times.append((await arrived.get() - sent) * 1000)
    await queue.cancel(tag)
    return percentile(times, 50), percentile(times, 99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--round-trips", type=int, default=300)
    args = parser.parse_args()
    ceiling = asyncio.run(measure(Settings().amqp_url, args.messages, args.round_trips))
    print(
        f"raw aio-pika: {ceiling.messages_per_s:,.0f} messages/s; one message "
        f"p50 {ceiling.round_trip_p50_ms:.2f} ms, p99 {ceiling.round_trip_p99_ms:.2f} ms"
    )


if __name__ == "__main__":
    main()
