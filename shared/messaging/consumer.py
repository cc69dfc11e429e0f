"""Runs one service's handlers on its work queue.

decode -> unit of work (inbox claim + effects) -> commit -> ack. A duplicate is acked without effects.
A failure is retried through the delay queues with growing delay and parked after `max_attempts`;
an undecodable message or a PermanentError is parked at once. Nothing is dropped.

Messages that arrive together are applied together: the deliveries waiting when one batch ends (up to the
prefetch) make the next, in one unit of work, in their order. A transaction per message cost more than
most handlers' own work. When any message of a batch fails, the batch is rolled back and each of its
messages applied alone, so only the failing one is retried.
"""

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from opentelemetry.trace import SpanKind
from prometheus_client import Counter, Histogram
from pydantic import ValidationError

from shared.clock import now_utc
from shared.events.catalogue import UnknownEventType, payload_of
from shared.events.envelope import CloudEvent
from shared.logging import bind_correlation_id, get_logger
from shared.messaging import inbox
from shared.messaging.errors import PermanentError
from shared.messaging.registry import Handler, HandlerRegistry
from shared.messaging.topology import Topology, declare_service_queues
from shared.tracing import span_continuing
from shared.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)

ATTEMPT_HEADER = "x-attempt"
PUBLISH_TIMEOUT_S = 10

CONSUMED = Counter(
    "consumer_messages_total", "Messages taken from a work queue, by outcome", ["consumer", "outcome"]
)
EVENT_AGE = Histogram(
    "consumer_event_age_seconds",
    "From an event's time to its consumer applying it: outbox, broker, queue and retries together",
    ["consumer"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600),
)


@dataclass(frozen=True)
class _Delivery:
    """A message decoded and matched to its handler."""

    message: AbstractIncomingMessage
    event: CloudEvent
    payload: Any
    handler: Handler


class Consumer:
    def __init__(
        self,
        registry: HandlerRegistry,
        connection: AbstractRobustConnection,
        topology: Topology,
        uow: UnitOfWorkFactory,
        *,
        prefetch: int,
        retry_delays_ms: tuple[int, ...],
        max_attempts: int,
    ) -> None:
        self._registry = registry
        self._connection = connection
        self._topology = topology
        self._uow = uow
        self._prefetch = prefetch
        self._retry_delays_ms = retry_delays_ms
        self._max_attempts = max_attempts
        self._channel: AbstractChannel | None = None
        self._publisher: AbstractChannel | None = None
        self._queue: AbstractQueue | None = None
        self._tag: str | None = None
        self._arrived: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()
        self._applying: asyncio.Task[None] | None = None

    @property
    def name(self) -> str:
        return self._registry.consumer

    @property
    def actor(self) -> str:
        """Who the audit trail names for what the consumer's handlers change."""
        return f"{self.name}-consumer"

    @property
    def work_queue(self) -> str:
        return self._topology.work_queue(self.name)

    async def start(self) -> None:
        self._channel = await self._connection.channel()
        await self._channel.set_qos(prefetch_count=self._prefetch)
        self._publisher = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
        self._queue = await declare_service_queues(
            self._channel, self._topology, self.name, self._registry.event_types, self._retry_delays_ms
        )
        self._applying = asyncio.create_task(self._apply_as_they_come(), name=f"{self.name}-consumer")
        self._tag = await self._queue.consume(self._on_message)

    async def stop(self) -> None:
        if self._queue is not None and self._tag is not None and not self._channel_closed():
            await self._queue.cancel(self._tag)
        if self._applying is not None:
            # A batch cut short is rolled back; its messages, unacked, come back when the channel closes.
            self._applying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._applying
        for channel in (self._channel, self._publisher):
            if channel is not None and not channel.is_closed:
                await channel.close()

    def _channel_closed(self) -> bool:
        return self._channel is None or self._channel.is_closed

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        self._arrived.put_nowait(message)

    async def _apply_as_they_come(self) -> None:
        while True:
            arrived = [await self._arrived.get()]
            while len(arrived) < self._prefetch and not self._arrived.empty():
                arrived.append(self._arrived.get_nowait())
            try:
                batch = [d for d in [await self._decode(m) for m in arrived] if d is not None]
                if len(batch) == 1:
                    await self._apply_alone(batch[0])
                elif batch:
                    await self._apply_together(batch)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Parking, retrying or acking failed (the broker went away mid-batch). The messages not
                # acked come again once the connection is back; this loop must live on to take them.
                log.error("consumer_batch_failed", consumer=self.name, messages=len(arrived), error=repr(exc))

    async def _decode(self, message: AbstractIncomingMessage) -> _Delivery | None:
        """The message with its handler, or None once it is parked as one no handler can apply."""
        try:
            event = CloudEvent.model_validate_json(message.body)
            payload = payload_of(event)
        except (ValidationError, UnknownEventType, ValueError) as exc:
            await self._park(message, "undecodable", repr(exc))
            return None
        handler = self._registry.handler_for(event.type)
        if handler is None:
            await self._park(message, "no_handler", f"{self.name} has no handler for {event.type}")
            return None
        return _Delivery(message, event, payload, handler)

    async def _apply_together(self, batch: list[_Delivery]) -> None:
        try:
            async with self._uow().acting_as(self.actor) as uow:
                outcomes = await self._apply(uow, batch)
                await uow.commit()
        except asyncio.CancelledError:
            raise
        except Exception:
            for delivery in batch:
                await self._apply_alone(delivery)
            return
        # One ack for the batch: its messages came in order on this channel, and every earlier one is
        # settled, so acking the last with `multiple` acks them all, in one frame instead of one each.
        await batch[-1].message.ack(multiple=True)
        for delivery, outcome in zip(batch, outcomes, strict=True):
            self._count(delivery, outcome)

    async def _apply_alone(self, delivery: _Delivery) -> None:
        try:
            async with self._uow().acting_as(self.actor) as uow:
                [outcome] = await self._apply(uow, [delivery])
                await uow.commit()
        except asyncio.CancelledError:
            raise
        except PermanentError as exc:
            await self._park(delivery.message, "permanent_error", repr(exc))
            return
        except Exception as exc:
            await self._retry_or_park(delivery.message, delivery.event, exc)
            return
        await self._done(delivery, outcome)

    async def _apply(self, uow: UnitOfWork, deliveries: list[_Delivery]) -> list[str]:
        """Claims the events in one statement, lets the registry prepare for the new ones, then runs the
        handler of each, in order."""
        unclaimed = await inbox.claim_all(uow.session, self.name, [d.event for d in deliveries])
        if self._registry.preparation is not None and unclaimed:
            await self._registry.preparation(uow, [d.event for d in deliveries if d.event.id in unclaimed])
        outcomes = []
        for delivery in deliveries:
            event = delivery.event
            if event.id not in unclaimed:
                outcomes.append("duplicate")
                continue
            unclaimed.discard(event.id)  # the same event twice in one batch: the second is a duplicate
            bind_correlation_id(event.correlationid or event.id)
            # A child of the publish span whose context the message carries: what the handler writes
            # (events, deliveries) carries this span's context on.
            with span_continuing(
                f"{event.type} process",
                delivery.message.headers or {},
                SpanKind.CONSUMER,
                **{
                    "messaging.system": "rabbitmq",
                    "messaging.consumer.group.name": self.name,
                    "messaging.message.id": event.id,
                },
            ):
                await delivery.handler(uow, event, delivery.payload)
            outcomes.append("handled")
        return outcomes

    async def _done(self, delivery: _Delivery, outcome: str) -> None:
        await delivery.message.ack()
        self._count(delivery, outcome)

    def _count(self, delivery: _Delivery, outcome: str) -> None:
        CONSUMED.labels(self.name, outcome).inc()
        event = delivery.event
        if outcome == "handled":
            EVENT_AGE.labels(self.name).observe(max((now_utc() - event.time).total_seconds(), 0.0))
        log.debug(
            "event_consumed", consumer=self.name, event_id=event.id, event_type=event.type, outcome=outcome
        )

    async def _retry_or_park(
        self, message: AbstractIncomingMessage, event: CloudEvent, exc: Exception
    ) -> None:
        attempt = attempts_of(message) + 1
        if attempt >= self._max_attempts:
            log.error(
                "event_parked", consumer=self.name, event_id=event.id, attempts=attempt, error=repr(exc)
            )
            await self._park(message, "max_attempts", repr(exc), attempt=attempt)
            return
        delay = self._retry_delays_ms[min(attempt - 1, len(self._retry_delays_ms) - 1)]
        log.warning(
            "event_retry_scheduled",
            consumer=self.name,
            event_id=event.id,
            attempt=attempt,
            delay_ms=delay,
            error=repr(exc),
        )
        await self._republish(
            message, self._topology.retry_queue(self.name, delay), {ATTEMPT_HEADER: attempt}
        )
        await message.ack()
        CONSUMED.labels(self.name, "retried").inc()

    async def _park(
        self, message: AbstractIncomingMessage, reason: str, error: str, attempt: int | None = None
    ) -> None:
        headers: dict[str, str | int] = {
            "x-parked-from": self.work_queue,
            "x-parked-reason": reason,
            "x-parked-error": error[:1000],
            "x-parked-at": now_utc().isoformat(),
        }
        if attempt is not None:
            headers[ATTEMPT_HEADER] = attempt
        await self._republish(message, self._topology.parking_queue(self.name), headers)
        await message.ack()
        CONSUMED.labels(self.name, "parked").inc()
        log.error("message_parked", consumer=self.name, message_id=message.message_id, reason=reason)

    async def _republish(
        self, message: AbstractIncomingMessage, queue: str, headers: dict[str, str | int]
    ) -> None:
        assert self._publisher is not None
        # A copy is published with confirms before the original is acked: a crash in between repeats the
        # message, which the inbox makes harmless, and never loses it.
        await default_exchange(self._publisher).publish(
            copy_of(message, headers), routing_key=queue, mandatory=True, timeout=PUBLISH_TIMEOUT_S
        )


def default_exchange(channel: AbstractChannel) -> AbstractExchange:
    exchange: AbstractExchange = channel.default_exchange
    return exchange


def attempts_of(message: AbstractIncomingMessage) -> int:
    value = (message.headers or {}).get(ATTEMPT_HEADER, 0)
    return int(value) if isinstance(value, int | str) else 0


def copy_of(
    message: AbstractIncomingMessage, headers: dict[str, str | int], *, drop: tuple[str, ...] = ()
) -> aio_pika.Message:
    """A persistent copy with the same ids, without the broker's x-death and the headers named in `drop`
    (by prefix), plus `headers`."""
    merged = {k: v for k, v in (message.headers or {}).items() if k != "x-death" and not k.startswith(drop)}
    merged.update(headers)
    return aio_pika.Message(
        body=message.body,
        headers=merged,
        content_type=message.content_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        type=message.type,
        timestamp=message.timestamp or datetime.now().astimezone(),
    )
