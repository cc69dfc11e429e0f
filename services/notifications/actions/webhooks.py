"""A provider subscribes its systems to the events it hears of, changes or ends a subscription, and
enables one that was disabled after failing; the deliveries held meanwhile then go out."""

import asyncio
import socket
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.domain.deliveries import DeliveryStatus
from services.notifications.domain.recipients import TELLS_PROVIDER
from services.notifications.domain.webhooks import is_private, new_secret, url_problems
from services.notifications.schemas import SubscriptionChange, SubscriptionIn
from services.notifications.storage import deliveries, webhooks
from services.notifications.storage.webhooks import WebhookSubscription
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.errors import InvalidInput, NotFound
from shared.settings import Settings
from shared.unit_of_work import UnitOfWork

MAX_SUBSCRIPTIONS = 10


async def subscribe(
    uow: UnitOfWork, caller: Principal, command: SubscriptionIn, settings: Settings
) -> WebhookSubscription:
    provider_id = owner(caller)
    errors = _event_type_errors(command.event_types)
    errors += await _url_errors(command.url, settings)
    if errors:
        raise InvalidInput("The subscription cannot be made.", errors=errors)
    now = now_utc()
    async with uow.acting_as(caller):
        if len(await webhooks.subscriptions_of(uow.session, provider_id)) >= MAX_SUBSCRIPTIONS:
            raise InvalidInput(f"An organisation has at most {MAX_SUBSCRIPTIONS} webhook subscriptions.")
        subscription = WebhookSubscription(
            id=str(uuid.uuid4()),
            provider_id=provider_id,
            url=command.url,
            description=command.description,
            event_types=sorted(set(command.event_types)),
            secret=new_secret(),
            created_at=now,
            updated_at=now,
        )
        uow.session.add(subscription)
        uow.note("webhook_subscription", subscription.id, "created", url=command.url)
        await uow.commit()
    return subscription


async def change(
    uow: UnitOfWork, caller: Principal, subscription_id: str, command: SubscriptionChange
) -> WebhookSubscription:
    if command.event_types is not None and (errors := _event_type_errors(command.event_types)):
        raise InvalidInput("The subscription cannot be changed so.", errors=errors)
    now = now_utc()
    async with uow.acting_as(caller):
        subscription = await own(uow.session, caller, subscription_id)
        if command.event_types is not None:
            subscription.event_types = sorted(set(command.event_types))
        if command.description is not None:
            subscription.description = command.description
        if command.enabled is True and not subscription.enabled:
            subscription.enabled, subscription.disabled_at, subscription.disabled_reason = True, None, None
            # What waited, and what failed and disabled it, goes out now.
            await deliveries.set_status_of_subscription(
                uow.session,
                subscription.id,
                (DeliveryStatus.HELD, DeliveryStatus.FAILED),
                DeliveryStatus.PENDING,
                now,
            )
            uow.note("webhook_subscription", subscription.id, "enabled")
        elif command.enabled is False and subscription.enabled:
            await disable(uow.session, subscription, "Disabled by its owner.", now)
            uow.note("webhook_subscription", subscription.id, "disabled")
        subscription.updated_at = now
        uow.session.add(subscription)
        await uow.commit()
    return subscription


async def rotate_secret(uow: UnitOfWork, caller: Principal, subscription_id: str) -> WebhookSubscription:
    """A new secret; the current one becomes the previous and still signs for the overlap. One rotated
    again within the overlap drops the one before it: a message carries at most two signatures."""
    now = now_utc()
    async with uow.acting_as(caller):
        subscription = await own(uow.session, caller, subscription_id)
        subscription.previous_secret, subscription.secret = subscription.secret, new_secret()
        subscription.secret_rotated_at = subscription.updated_at = now
        uow.session.add(subscription)
        uow.note("webhook_subscription", subscription.id, "secret_rotated")
        await uow.commit()
    return subscription


async def unsubscribe(uow: UnitOfWork, caller: Principal, subscription_id: str) -> None:
    now = now_utc()
    async with uow.acting_as(caller):
        subscription = await own(uow.session, caller, subscription_id)
        subscription.deleted_at = subscription.updated_at = now
        uow.session.add(subscription)
        await deliveries.set_status_of_subscription(
            uow.session,
            subscription.id,
            (DeliveryStatus.PENDING, DeliveryStatus.HELD),
            DeliveryStatus.SKIPPED,
            now,
        )
        uow.note("webhook_subscription", subscription.id, "deleted")
        await uow.commit()


async def disable(
    session: AsyncSession, subscription: WebhookSubscription, reason: str, now: datetime
) -> None:
    """Switches a subscription off, by its owner or after failing; what waits for it is held, not sent."""
    subscription.enabled, subscription.disabled_at = False, now
    subscription.disabled_reason = reason[:300]
    subscription.updated_at = now
    session.add(subscription)
    await deliveries.set_status_of_subscription(
        session, subscription.id, (DeliveryStatus.PENDING,), DeliveryStatus.HELD, now
    )


async def own(session: AsyncSession, caller: Principal, subscription_id: str) -> WebhookSubscription:
    """The caller's subscription; another provider's answers 404 as one that does not exist."""
    subscription = await webhooks.subscription_of(session, owner(caller), subscription_id)
    if subscription is None:
        raise NotFound("No such webhook subscription.")
    return subscription


def owner(caller: Principal) -> str:
    """The provider whose subscriptions the caller reaches."""
    assert caller.provider_id is not None, "the routes admit providers only"
    return caller.provider_id


def _event_type_errors(event_types: list[str]) -> list[dict[str, Any]]:
    return [
        {"location": f"event_types.{i}", "message": "not an event a provider is told of", "type": "kind"}
        for i, event_type in enumerate(event_types)
        if event_type not in TELLS_PROVIDER
    ]


async def _url_errors(url: str, settings: Settings) -> list[dict[str, Any]]:
    problems = url_problems(url, allow_http=settings.webhook_allow_http)
    if not problems and not settings.webhook_allow_private_addresses:
        problems = await _address_problems(urlsplit(url))
    return [{"location": "url", "message": problem, "type": "url"} for problem in problems]


async def _address_problems(parts: Any) -> list[str]:
    """Refuses a host that is, or resolves to, an address inside the network. The worker checks again at
    each delivery, since DNS can change after this."""
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or 443, type=socket.SOCK_STREAM
        )
    except OSError:
        return [f"the host {parts.hostname} cannot be resolved"]
    if any(is_private(str(info[4][0])) for info in found):
        return ["points to a loopback, private or otherwise internal address"]
    return []
