"""The process's one robust connection to RabbitMQ: to one broker, or to the nodes of a cluster.

AMQP_URL names one node or several, as full URLs separated by commas
(`amqp://u:p@rabbit-1:5672/,amqp://u:p@rabbit-2:5672/`). A comma inside a URL (in a password) is written
%2C. The first connection goes to the first node that answers, in the order given; when the connected node
goes away, every reconnect attempt goes to the next node in the list, round and round, so the process
follows the cluster to a node that is still up. aio-pika's robust connection takes one URL and reconnects
to that one only: `NodeListConnection` gives it the list.
"""

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import aio_pika
from aio_pika.abc import AbstractRobustConnection, UnderlayConnection
from aiormq.exceptions import AMQPError
from yarl import URL

CONNECT_TIMEOUT_S = 15
SCHEMES = ("amqp", "amqps")


class BrokerUnavailable(Exception):
    pass


def broker_urls(amqp_url: str) -> list[str]:
    """The node URLs AMQP_URL names, in order; a ValueError names what is wrong."""
    urls = [part.strip() for part in amqp_url.split(",") if part.strip()]
    if not urls:
        raise ValueError("AMQP_URL names no RabbitMQ node")
    for url in urls:
        parsed = URL(url)
        if parsed.scheme not in SCHEMES or not parsed.host:
            raise ValueError(
                f"AMQP_URL: {safe_url(url)!r} is not an amqp:// or amqps:// URL with a host "
                "(several nodes are full URLs separated by commas)"
            )
    return urls


def safe_url(url: str) -> str:
    """The URL, or the comma-separated URLs, with passwords masked: for logs and messages."""
    return ",".join(_masked(part.strip()) for part in url.split(","))


def _masked(url: str) -> str:
    try:
        parsed = URL(url)
    except ValueError:
        return "<not a URL>"
    return str(parsed.with_password("***")) if parsed.password else url


class NodeListConnection(aio_pika.RobustConnection):
    """A robust connection whose every (re)connect attempt goes to the next node of a list.

    The robust connection's reconnect loop clears `transport` right before each attempt and then connects
    to `self.url`; that moment is where the next node is chosen. Channels, queues, bindings and consumers
    are restored on the new node as on the old (aio-pika's RobustChannel), and the quorum queues they use
    live on every node.
    """

    def __init__(self, urls: Sequence[str], first: int = 0, **kwargs: Any) -> None:
        self._nodes = [URL(url) for url in urls]
        self._first = first
        self._attempts = 0
        super().__init__(self._nodes[first], **kwargs)

    @property
    def nodes(self) -> list[URL]:
        return list(self._nodes)

    @property
    def transport(self) -> UnderlayConnection | None:
        return self._transport

    @transport.setter
    def transport(self, value: UnderlayConnection | None) -> None:
        # Cleared by __init__ (before anything else is set), by close() (after close is called) and by the
        # reconnect loop before every attempt: only the last picks a node.
        if value is None and hasattr(self, "_nodes") and not getattr(self, "_close_called", True):
            self.url = self._nodes[(self._first + self._attempts) % len(self._nodes)]
            self._attempts += 1
        self._transport = value


class _Silenced(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


async def connect(url: str) -> AbstractRobustConnection:
    """Connects to the first node that answers, failing fast when none does; later outages are bridged by
    the robust connection's reconnects, to the next node of the list."""
    # A failed first attempt is reported by us, once, as one line with what to do; aiormq would log it too.
    silenced = _Silenced()
    noisy = [logging.getLogger(name) for name in ("aiormq.connection", "aio_pika.robust_connection")]
    for logger in noisy:
        logger.addFilter(silenced)
    try:
        urls = broker_urls(url)
    except ValueError as exc:
        raise BrokerUnavailable(str(exc)) from exc
    try:
        return await _first_node_that_answers(urls)
    finally:
        for logger in noisy:
            logger.removeFilter(silenced)


async def _first_node_that_answers(urls: list[str]) -> NodeListConnection:
    failures: list[str] = []
    for first in range(len(urls)):
        connection = NodeListConnection(urls, first)
        try:
            await asyncio.wait_for(connection.connect(), CONNECT_TIMEOUT_S)
        except (AMQPError, OSError, TimeoutError, ConnectionError) as exc:
            await connection.close()
            failures.append(f"{safe_url(urls[first])} ({exc.__class__.__name__})")
            continue
        return connection
    raise BrokerUnavailable(
        f"RabbitMQ is not reachable at {', '.join(failures)}. "
        "Start one (`rabbitmq-server -detached`, or `docker compose up -d rabbitmq`) "
        "or point AMQP_URL at a running broker."
    )
