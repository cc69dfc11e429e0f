"""A process given several RabbitMQ nodes connects to the first that answers and, when the node it is
connected to goes away, reconnects to the next one: its channels, queues and consumers come back there.
The machine's one broker stands for two nodes: reached directly and through a proxy that can be cut."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest
import pytest_asyncio
from yarl import URL

from shared.messaging.broker import BrokerUnavailable, NodeListConnection, connect
from tests.support.broker import AMQP_URL
from tests.support.polling import eventually
from tests.support.tcp_proxy import TcpProxy, _free_port


@pytest_asyncio.fixture
async def proxy() -> AsyncIterator[TcpProxy]:
    broker = URL(AMQP_URL)
    proxy = TcpProxy(broker.host or "127.0.0.1", broker.port or 5672)
    await proxy.start()
    yield proxy
    await proxy.close()


def _via(port: int) -> str:
    return str(URL(AMQP_URL).with_port(port).with_query({"reconnect_interval": "0.2"}))


async def test_the_first_node_that_answers_is_used() -> None:
    nobody = _via(_free_port())
    connection = await connect(f"{nobody},{_via(URL(AMQP_URL).port or 5672)}")
    try:
        assert isinstance(connection, NodeListConnection)
        assert connection.url.port == (URL(AMQP_URL).port or 5672)
    finally:
        await connection.close()


async def test_no_node_answering_is_one_clear_failure() -> None:
    ports = (_free_port(), _free_port())
    with pytest.raises(BrokerUnavailable, match="not reachable") as failed:
        await connect(",".join(_via(port) for port in ports))
    assert all(f":{port}/" in str(failed.value) for port in ports)
    assert "guest:guest" not in str(failed.value)


async def test_a_lost_node_is_left_for_the_next_with_the_consumer_restored(proxy: TcpProxy) -> None:
    connection = await connect(f"{_via(proxy.port)},{_via(URL(AMQP_URL).port or 5672)}")
    name = f"t.node-list.{uuid.uuid4().hex[:8]}"
    received: list[str] = []
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(name, durable=True, arguments={"x-queue-type": "quorum"})

        async def take(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            async with message.process():
                received.append(message.body.decode())

        await queue.consume(take)
        await channel.default_exchange.publish(aio_pika.Message(b"before"), routing_key=name)
        await eventually(lambda: _got(received, "before"), timeout=10, what="the first message")

        await proxy.cut()  # the first node goes away for good
        await eventually(lambda: _on_direct(connection), timeout=15, what="a connection to the next node")
        await asyncio.wait_for(channel.ready(), 10)
        await channel.default_exchange.publish(aio_pika.Message(b"after"), routing_key=name)
        await eventually(lambda: _got(received, "after"), timeout=15, what="a message on the next node")
        assert received == ["before", "after"]
    finally:
        admin = await connection.channel()
        await admin.queue_delete(name)
        await connection.close()


async def _got(received: list[str], body: str) -> bool:
    return body in received


async def _on_direct(connection: aio_pika.abc.AbstractRobustConnection) -> bool:
    assert isinstance(connection, NodeListConnection)
    return connection.connected.is_set() and connection.url.port == (URL(AMQP_URL).port or 5672)
