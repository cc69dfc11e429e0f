"""The process's one robust connection to RabbitMQ."""

import asyncio
import logging

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from aiormq.exceptions import AMQPError
from yarl import URL


class BrokerUnavailable(Exception):
    pass


def safe_url(url: str) -> str:
    return str(URL(url).with_password("***")) if URL(url).password else url


class _Silenced(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


async def connect(url: str) -> AbstractRobustConnection:
    """Connects once, failing fast; later outages are bridged by the robust connection's reconnects."""
    # A failed first attempt is reported by us, once, as one line with what to do; aiormq would log it too.
    silenced = _Silenced()
    noisy = [logging.getLogger(name) for name in ("aiormq.connection", "aio_pika.robust_connection")]
    for logger in noisy:
        logger.addFilter(silenced)
    try:
        connection: AbstractRobustConnection = await asyncio.wait_for(aio_pika.connect_robust(url), 15)
    except (AMQPError, OSError, TimeoutError, ConnectionError) as exc:
        raise BrokerUnavailable(
            f"RabbitMQ is not reachable at {safe_url(url)} ({exc.__class__.__name__}). "
            "Start one (`rabbitmq-server -detached`, or `docker compose up -d rabbitmq`) "
            "or point AMQP_URL at a running broker."
        ) from exc
    finally:
        for logger in noisy:
            logger.removeFilter(silenced)
    return connection
