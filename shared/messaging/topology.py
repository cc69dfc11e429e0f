"""Exchange and queue names, and their idempotent declaration at start.

Per consuming service: one durable quorum work queue bound to the event types it handles; one quorum
retry queue per delay step whose TTL dead-letters back into the work queue; one parking queue.

Which event types each service's queue receives is defined once, here (`SUBSCRIPTIONS`), so that a publisher
can declare every consumer's queue before its first event: an event published before its consumer ever
started then waits in that consumer's queue instead of going to the unrouted queue. A contract test holds
each service's handlers to it.
"""

from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue
from aiormq.exceptions import ChannelNotFoundEntity

# The broker itself parks a message that crashes its consumer this often without ever being acked or
# rejected (a process killed mid-handling); handled failures are counted by the consumer instead.
DELIVERY_LIMIT = 20
# Events no service is bound to are kept this long for inspection instead of being dropped by the broker.
UNROUTED_TTL_MS = 7 * 24 * 3600 * 1000


SUBSCRIPTIONS: dict[str, frozenset[str]] = {
    "reporting": frozenset(
        {
            "api_client.revoked",
            "authorisation.conditions_changed",
            "authorisation.granted",
            "authorisation.revoked",
            "authorisation.warning_issued",
        }
    ),
    "application": frozenset(
        {
            "follow_up.accepted",
            "follow_up.deadline_passed",
            "manager_change.approved",
            "manager_change.rejected",
            "manager_change.reported",
        }
    ),
    "notifications": frozenset(
        {
            "api_client.revoked",
            "application.approved",
            "application.rejected",
            "application.submitted",
            "application.supplement_requested",
            "application.supplemented",
            "application.withdrawn",
            "authorisation.conditions_changed",
            "authorisation.granted",
            "authorisation.revoked",
            "authorisation.warning_deadline_passed",
            "authorisation.warning_issued",
            "authorisation.warning_remedied",
            "deviation.acknowledged",
            "deviation.closed",
            "deviation.reported",
            "follow_up.accepted",
            "follow_up.overdue",
            "follow_up.rejected",
            "follow_up.requested",
            "follow_up.responded",
            "manager_absence.reported",
            "manager_change.approved",
            "manager_change.rejected",
            "manager_change.reported",
            "provider.invitation_issued",
            "provider.registered",
            "provider.updated",
            "quality_report.accepted",
            "quality_report.completion_requested",
            "quality_report.overdue",
            "quality_report.reminder",
            "quality_report.requested",
            "quality_report.submitted",
        }
    ),
}


@dataclass(frozen=True)
class Topology:
    prefix: str

    @property
    def events_exchange(self) -> str:
        return f"{self.prefix}.events"

    @property
    def unrouted_exchange(self) -> str:
        return f"{self.prefix}.unrouted"

    @property
    def unrouted_queue(self) -> str:
        return f"{self.prefix}.unrouted"

    def work_queue(self, service: str) -> str:
        return f"{self.prefix}.{service}"

    def retry_queue(self, service: str, delay_ms: int) -> str:
        return f"{self.prefix}.{service}.retry.{delay_ms}ms"

    def parking_queue(self, service: str) -> str:
        return f"{self.prefix}.{service}.parking"

    def queues_of(self, service: str, retry_delays_ms: tuple[int, ...]) -> list[str]:
        retries = [self.retry_queue(service, d) for d in sorted(set(retry_delays_ms))]
        return [self.work_queue(service), self.parking_queue(service), *retries]


async def _declare_classic(
    channel: AbstractChannel, name: str, arguments: dict[str, Any], bound_to: str | None = None
) -> None:
    """Declares (and binds) a classic queue on a channel of its own, closed after.

    A classic queue lives on one node of a cluster, and while that node is down its declaration fails with
    NOT_FOUND ("home node ... is down"), which closes the channel it was made on. Made on the caller's
    channel, that failure would close the relay's publishing channel, or fail the restore of a robust
    channel after a reconnect and with it the whole reconnect. On a side channel the queue (which exists:
    only a queue that exists has a home node) waits for its node, and everything else goes on."""
    underlay = await channel.get_underlay_channel()
    side = await underlay.connection.channel()
    try:
        await side.queue_declare(name, durable=True, arguments=arguments)
        if bound_to is not None:
            await side.queue_bind(name, bound_to)
    except ChannelNotFoundEntity as exc:
        if "home node" not in str(exc):
            raise
        return
    await side.close()


async def declare_events_exchange(channel: AbstractChannel, topology: Topology) -> AbstractExchange:
    # The alternate exchange catches events that no queue is bound to, so a mandatory publish of such an
    # event is routed (kept) rather than returned to the outbox relay forever.
    unrouted = await channel.declare_exchange(
        topology.unrouted_exchange, aio_pika.ExchangeType.FANOUT, durable=True
    )
    await _declare_classic(
        channel, topology.unrouted_queue, {"x-message-ttl": UNROUTED_TTL_MS}, bound_to=unrouted.name
    )
    return await channel.declare_exchange(
        topology.events_exchange,
        aio_pika.ExchangeType.TOPIC,
        durable=True,
        arguments={"alternate-exchange": topology.unrouted_exchange},
    )


async def declare_service_queues(
    channel: AbstractChannel,
    topology: Topology,
    service: str,
    routing_keys: frozenset[str],
    retry_delays_ms: tuple[int, ...],
) -> AbstractQueue:
    exchange = await declare_events_exchange(channel, topology)
    work_name = topology.work_queue(service)
    parking_name = topology.parking_queue(service)
    # A classic queue: operators browse it by get-and-requeue, which a quorum queue would count
    # against its delivery limit.
    await _declare_classic(channel, parking_name, {"x-queue-type": "classic"})
    work = await channel.declare_queue(
        work_name,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": DELIVERY_LIMIT,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": parking_name,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        },
    )
    for delay in sorted(set(retry_delays_ms)):
        await channel.declare_queue(
            topology.retry_queue(service, delay),
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-message-ttl": delay,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": work_name,
                # Quorum dead-lettering is at-most-once unless asked: a retry must never vanish.
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
        )
    for key in sorted(routing_keys):
        await work.bind(exchange, routing_key=key)
    return work


async def declare_every_service_queue(
    channel: AbstractChannel, topology: Topology, retry_delays_ms: tuple[int, ...]
) -> AbstractExchange:
    """Every consuming service's queues and bindings, as `SUBSCRIPTIONS` defines them; then the exchange."""
    for service, routing_keys in SUBSCRIPTIONS.items():
        await declare_service_queues(channel, topology, service, routing_keys, retry_delays_ms)
    return await declare_events_exchange(channel, topology)
