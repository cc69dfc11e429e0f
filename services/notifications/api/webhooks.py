"""HTTP handlers of a provider's webhook subscriptions and their delivery log."""

from datetime import timedelta

import orjson
from aiohttp import web

from services.notifications.actions import webhooks
from services.notifications.domain.webhooks import message_id
from services.notifications.keys import NOTIFICATIONS_KEY
from services.notifications.schemas import (
    AttemptOut,
    DeliveryOut,
    DeliveryPage,
    DeliveryQuery,
    SecretRotated,
    SubscriptionChange,
    SubscriptionCreated,
    SubscriptionIn,
    SubscriptionList,
    SubscriptionOut,
)
from services.notifications.storage import deliveries
from services.notifications.storage import webhooks as stored
from services.notifications.storage.deliveries import Delivery, DeliveryAttempt
from shared.http.keys import SETTINGS_KEY
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response


async def subscribe(request: web.Request) -> web.Response:
    command = await json_body(request, SubscriptionIn)
    subscription = await webhooks.subscribe(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), command, request.app[SETTINGS_KEY]
    )
    body = SubscriptionCreated.model_validate(subscription, from_attributes=True)
    return json_response(body, status=201, headers={"Location": f"/webhooks/{subscription.id}"})


async def list_subscriptions(request: web.Request) -> web.Response:
    async with request.app[NOTIFICATIONS_KEY].reads() as session:
        found = await stored.subscriptions_of(session, webhooks.owner(principal(request)))
    return json_response(
        SubscriptionList(items=[SubscriptionOut.model_validate(s, from_attributes=True) for s in found])
    )


async def show_subscription(request: web.Request) -> web.Response:
    async with request.app[NOTIFICATIONS_KEY].reads() as session:
        found = await webhooks.own(session, principal(request), request.match_info["id"])
    return json_response(SubscriptionOut.model_validate(found, from_attributes=True))


async def change_subscription(request: web.Request) -> web.Response:
    command = await json_body(request, SubscriptionChange)
    changed = await webhooks.change(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), request.match_info["id"], command
    )
    return json_response(SubscriptionOut.model_validate(changed, from_attributes=True))


async def rotate_secret(request: web.Request) -> web.Response:
    rotated = await webhooks.rotate_secret(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), request.match_info["id"]
    )
    assert rotated.secret_rotated_at is not None
    overlap = timedelta(hours=request.app[SETTINGS_KEY].webhook_secret_overlap_h)
    body = SecretRotated.model_validate(
        {**rotated.model_dump(), "previous_secret_until": rotated.secret_rotated_at + overlap}
    )
    return json_response(body)


async def unsubscribe(request: web.Request) -> web.Response:
    await webhooks.unsubscribe(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), request.match_info["id"]
    )
    return web.Response(status=204)


async def delivery_log(request: web.Request) -> web.Response:
    query = query_params(request, DeliveryQuery)
    async with request.app[NOTIFICATIONS_KEY].reads() as session:
        subscription = await webhooks.own(session, principal(request), request.match_info["id"])
        page = await deliveries.deliveries_to(
            session, subscription.id, query.status, query.limit, query.cursor
        )
        attempts = await deliveries.attempts_at(session, [d.id for d in page.items])
    return json_response(
        DeliveryPage(items=[_delivery(d, attempts[d.id]) for d in page.items], next_cursor=page.next_cursor)
    )


def _delivery(delivery: Delivery, attempts: list[DeliveryAttempt]) -> DeliveryOut:
    return DeliveryOut(
        id=delivery.id,
        message_id=message_id(delivery.id),
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        subject=delivery.subject,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
        last_error=delivery.last_error,
        created_at=delivery.created_at,
        delivered_at=delivery.delivered_at,
        payload=orjson.loads(delivery.body),
        log=[AttemptOut.model_validate(a, from_attributes=True) for a in attempts],
    )
