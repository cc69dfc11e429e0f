"""Parked messages: list, show and replay them. Operator command:

    python -m shared.messaging.parking list  [WHERE]
    python -m shared.messaging.parking show  MESSAGE_ID [WHERE]
    python -m shared.messaging.parking replay (MESSAGE_ID ... | --all) [WHERE]

WHERE is --service NAME (its parking queue), --queue QUEUE, or --unrouted.

Replaying sends the message back to the work queue it was parked from, with its attempt count reset. An
unrouted event (one published when no queue was bound to its type) is published again to the events
exchange under its type, so it reaches every queue bound to that type now.
"""

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from typing import Any

from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from shared.messaging.broker import BrokerUnavailable, connect
from shared.messaging.consumer import ATTEMPT_HEADER, copy_of, default_exchange
from shared.messaging.topology import Topology, declare_events_exchange
from shared.settings import SERVICES, Settings

PUBLISH_TIMEOUT_S = 10


@dataclass(frozen=True)
class ParkedMessage:
    message_id: str | None
    event_type: str | None
    parked_from: str | None
    reason: str | None
    error: str | None
    parked_at: str | None
    attempts: int | None
    body: str

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "body"}


def describe(message: AbstractIncomingMessage) -> ParkedMessage:
    headers = message.headers or {}
    parked_from = headers.get("x-parked-from")
    reason = headers.get("x-parked-reason")
    if parked_from is None:
        # Dead-lettered by the broker (delivery limit reached): the origin is in x-death.
        deaths = headers.get("x-death") or []
        if isinstance(deaths, list) and deaths and isinstance(deaths[0], dict):
            parked_from = deaths[0].get("queue")
            reason = str(deaths[0].get("reason"))
    attempts = headers.get(ATTEMPT_HEADER)
    return ParkedMessage(
        message_id=message.message_id,
        event_type=message.type,
        parked_from=str(parked_from) if parked_from is not None else None,
        reason=str(reason) if reason is not None else None,
        error=str(headers["x-parked-error"]) if "x-parked-error" in headers else None,
        parked_at=str(headers["x-parked-at"]) if "x-parked-at" in headers else None,
        attempts=int(attempts) if isinstance(attempts, int | str) else None,
        body=message.body.decode(errors="replace"),
    )


async def _take_all(channel: AbstractChannel, queue_name: str) -> list[AbstractIncomingMessage]:
    """Takes every parked message without acking; closing the channel puts back what was not acked."""
    queue = await channel.declare_queue(queue_name, passive=True)
    taken: list[AbstractIncomingMessage] = []
    while (message := await queue.get(no_ack=False, fail=False)) is not None:
        taken.append(message)
    return taken


async def list_parked(settings: Settings, queue_name: str) -> list[ParkedMessage]:
    connection = await connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        messages = await _take_all(channel, queue_name)
        result = [describe(m) for m in messages]
        for m in messages:
            await m.nack(requeue=True)
        await channel.close()
        return result
    finally:
        await connection.close()


async def replay(settings: Settings, queue_name: str, message_ids: set[str] | None) -> list[str]:
    """Sends the chosen parked messages (all when `message_ids` is None) back; answers their ids."""
    connection = await connect(settings.amqp_url)
    replayed: list[str] = []
    try:
        channel = await connection.channel()
        publisher = await connection.channel(publisher_confirms=True, on_return_raises=True)
        topology = Topology(settings.amqp_prefix)
        unrouted = queue_name == topology.unrouted_queue
        events = await declare_events_exchange(publisher, topology) if unrouted else None
        for message in await _take_all(channel, queue_name):
            parked = describe(message)
            chosen = message_ids is None or parked.message_id in message_ids
            target = message.routing_key if events is not None else parked.parked_from
            if not chosen or not target:
                await message.nack(requeue=True)
                continue
            # The attempt count starts again: the operator has fixed what made it fail.
            fresh = copy_of(
                message, {"x-replayed-from-parking": queue_name}, drop=("x-parked", ATTEMPT_HEADER)
            )
            await (events or default_exchange(publisher)).publish(
                fresh,
                routing_key=target,
                mandatory=True,
                timeout=PUBLISH_TIMEOUT_S,
            )
            await message.ack()
            replayed.append(parked.message_id or "")
        await channel.close()
        await publisher.close()
        return replayed
    finally:
        await connection.close()


def _readable(body: str) -> object:
    """The body as JSON where it is JSON; a parked message may be one that never was."""
    try:
        return json.loads(body)
    except ValueError:
        return body


def _queue_name(settings: Settings, args: argparse.Namespace) -> str:
    if args.queue:
        return str(args.queue)
    if args.unrouted:
        return Topology(settings.amqp_prefix).unrouted_queue
    return Topology(settings.amqp_prefix).parking_queue(args.service)


async def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m shared.messaging.parking",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["list", "show", "replay"])
    parser.add_argument("message_ids", nargs="*")
    parser.add_argument("--service", choices=SERVICES, default="notifications")
    parser.add_argument("--queue", help="a parking queue's full name, instead of --service")
    parser.add_argument(
        "--unrouted", action="store_true", help="events no queue was bound to, instead of --service"
    )
    parser.add_argument("--all", action="store_true", help="with replay: every parked message")
    args = parser.parse_args(argv)
    settings = Settings()
    queue_name = _queue_name(settings, args)
    try:
        if args.command == "list":
            for parked in await list_parked(settings, queue_name):
                print(json.dumps(parked.summary(), ensure_ascii=False))
            return 0
        if args.command == "show":
            wanted = set(args.message_ids)
            found = [p for p in await list_parked(settings, queue_name) if p.message_id in wanted]
            for parked in found:
                print(
                    json.dumps(
                        {**parked.summary(), "body": _readable(parked.body)}, ensure_ascii=False, indent=2
                    )
                )
            return 0 if found else 1
        if not args.all and not args.message_ids:
            parser.error("replay needs message ids or --all")
        done = await replay(settings, queue_name, None if args.all else set(args.message_ids))
        print(json.dumps({"replayed": done}))
        return 0 if done else 1
    except BrokerUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2


def main() -> None:
    sys.exit(asyncio.run(_main(sys.argv[1:])))


if __name__ == "__main__":
    main()
