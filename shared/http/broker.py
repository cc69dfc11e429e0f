"""The process's one RabbitMQ connection, opened by the first service that needs it: a process that runs only
the portal (which talks to the other services over HTTP) starts and stays ready without a broker."""

import contextlib
from collections.abc import AsyncIterator

from aio_pika.abc import AbstractRobustConnection
from aiohttp import web

from shared.http.keys import BROKER_KEY, READINESS_KEY, SETTINGS_KEY
from shared.messaging.broker import connect


@contextlib.asynccontextmanager
async def shared_broker(app: web.Application) -> AsyncIterator[AbstractRobustConnection]:
    """The connection an earlier service of this process opened, or a new one that is closed when the
    service that opened it stops (cleanup contexts stop in reverse order, so after every later user)."""
    if BROKER_KEY in app:
        yield app[BROKER_KEY]
        return
    connection = await connect(app[SETTINGS_KEY].amqp_url)
    app[BROKER_KEY] = connection

    async def broker_ready() -> None:
        if not connection.connected.is_set():
            raise ConnectionError("not connected to RabbitMQ")
        # A connection that looks open may lead nowhere (a network that swallows packets, noticed only at
        # the next missed heartbeat): a channel opened and closed is a round trip the broker must answer.
        channel = await connection.channel(publisher_confirms=False)
        await channel.close()

    app[READINESS_KEY]["broker"] = broker_ready
    try:
        yield connection
    finally:
        await connection.close()
