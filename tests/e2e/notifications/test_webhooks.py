"""Signed webhooks to a real receiver: what a provider subscribed to arrives signed per Standard Webhooks;
a failing receiver is retried with growing delay, then disabled, and what was held goes out once its owner
enables it; a hanging receiver holds up nothing else; no provider reaches another's subscriptions; a
rotated secret signs beside the new one for the overlap, then only the new one does."""

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
import sqlalchemy as sa
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from shared.clock import now_utc
from tests.support.polling import eventually
from tests.support.receiver import Receiver, webhook_receiver
from tests.support.system import Provider, System, start_system, stop_system

SUPPLEMENT = "application.supplement_requested"


@pytest_asyncio.fixture(scope="module")
async def hooked() -> AsyncIterator[System]:
    system = await start_system(
        webhook_allow_private_addresses=True,
        webhook_allow_http=True,
        delivery_poll_interval_s=0.1,
        delivery_retry_delays_s=(0.3, 0.6),
        delivery_timeout_s=2,
    )
    yield system
    await stop_system(system)


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _subscribe(system: System, provider: Provider, url: str, *kinds: str) -> dict[str, Any]:
    body = {"url": url, "event_types": list(kinds or [SUPPLEMENT]), "description": "Vårt ärendesystem"}
    return await _json(await system.client.post("/webhooks", json=body, headers=provider.auth), 201)  # type: ignore[no-any-return]


async def _log(system: System, provider: Provider, subscription_id: str) -> list[dict[str, Any]]:
    page = await _json(
        await system.client.get(f"/webhooks/{subscription_id}/deliveries", headers=provider.auth), 200
    )
    return page["items"]  # type: ignore[no-any-return]


async def _delivery_in(
    system: System, provider: Provider, subscription_id: str, *statuses: str, count: int = 1
) -> list[Any]:
    async def found() -> list[dict[str, Any]]:
        log = await _log(system, provider, subscription_id)
        return log if len(log) >= count and all(d["status"] in statuses for d in log) else []

    return await eventually(found, what=f"deliveries {statuses}")


async def test_a_subscribed_event_arrives_signed_and_verifies_only_unaltered(
    hooked: System, receiver: Receiver
) -> None:
    provider = await hooked.provider_client(await hooked.register_provider("Kroken AB"))
    subscription = await _subscribe(hooked, provider, receiver.url)
    secret = subscription.pop("secret")
    assert secret.startswith("whsec_") and subscription["enabled"] is True
    shown = await _json(
        await hooked.client.get(f"/webhooks/{subscription['id']}", headers=provider.auth), 200
    )
    assert "secret" not in shown, "the secret is shown once"
    other_kind = await _subscribe(hooked, provider, receiver.url + "?other", "authorisation.revoked")

    subject = await hooked.ask_for_supplement(provider, "hemtjanst")
    (delivery,) = await _delivery_in(hooked, provider, subscription["id"], "delivered")
    (received,) = receiver.received
    payload = Webhook(secret).verify(received.body, received.headers)
    assert payload["type"] == SUPPLEMENT and payload["subject"] == subject
    assert payload["link"] == f"{hooked.settings.base_url}/{subject}"
    assert payload["data"]["provider_id"] == provider.provider_id
    assert received.headers["webhook-id"] == delivery["message_id"]
    assert delivery["payload"] == json.loads(received.body)
    assert [a["status_code"] for a in delivery["log"]] == [204]
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(received.body.replace(provider.provider_id, "someone-else"), received.headers)
    assert await _log(hooked, provider, other_kind["id"]) == [], "only the kinds subscribed to"


async def test_a_failing_receiver_is_retried_then_disabled_and_catches_up_when_enabled(
    hooked: System, receiver: Receiver
) -> None:
    provider = await hooked.provider_client(await hooked.register_provider("Felande AB"))
    subscription = await _subscribe(hooked, provider, receiver.url)
    receiver.mode = "fail"

    await hooked.ask_for_supplement(provider, "hemtjanst")
    (failed,) = await _delivery_in(hooked, provider, subscription["id"], "failed")
    attempts = failed["log"]
    assert [a["status_code"] for a in attempts] == [500, 500, 500], "one attempt, then each retry"
    times = [datetime.fromisoformat(a["attempted_at"]) for a in attempts]
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(times)]
    assert gaps[0] >= 0.3 and gaps[1] >= 0.6, f"growing delay: {gaps}"
    shown = await _json(
        await hooked.client.get(f"/webhooks/{subscription['id']}", headers=provider.auth), 200
    )
    assert shown["enabled"] is False and "500" in shown["disabled_reason"]

    await hooked.ask_for_supplement(provider, "boendestod")
    log = await _delivery_in(hooked, provider, subscription["id"], "failed", "held", count=2)
    assert sorted(d["status"] for d in log) == ["failed", "held"], "held while disabled, not sent"
    sent_while_disabled = len(receiver.received)
    await asyncio.sleep(0.5)
    assert len(receiver.received) == sent_while_disabled

    receiver.mode = "ok"
    enabled = await hooked.client.patch(
        f"/webhooks/{subscription['id']}", json={"enabled": True}, headers=provider.auth
    )
    assert (await _json(enabled, 200))["enabled"] is True
    await _delivery_in(hooked, provider, subscription["id"], "delivered", count=2)


async def test_a_hanging_receiver_holds_up_no_one_else(hooked: System, receiver: Receiver) -> None:
    slow, quick = (
        await hooked.provider_client(await hooked.register_provider("Långsam AB")),
        await hooked.provider_client(await hooked.register_provider("Snabb AB")),
    )
    async with webhook_receiver() as hanging:
        hanging.mode = "hang"
        await _subscribe(hooked, slow, hanging.url)
        quick_subscription = await _subscribe(hooked, quick, receiver.url)
        await hooked.ask_for_supplement(slow, "hemtjanst")
        await eventually(lambda: _received(hanging), what="the hanging receiver to be called")

        subject = await hooked.ask_for_supplement(quick, "hemtjanst")
        (delivered,) = await _delivery_in(hooked, quick, quick_subscription["id"], "delivered")
        assert delivered["subject"] == subject
        assert len(hanging.received) == 1, "the hanging one is still waiting for its answer"


async def _received(receiver: Receiver) -> bool:
    return bool(receiver.received)


async def test_a_provider_never_reaches_another_providers_subscriptions(
    hooked: System, receiver: Receiver
) -> None:
    owner, other = (
        await hooked.provider_client(await hooked.register_provider("Ägaren AB")),
        await hooked.provider_client(await hooked.register_provider("Andra AB")),
    )
    subscription = await _subscribe(hooked, owner, receiver.url)
    path = f"/webhooks/{subscription['id']}"
    client = hooked.client
    assert (await _json(await client.get("/webhooks", headers=other.auth), 200))["items"] == []
    assert (await client.get(path, headers=other.auth)).status == 404
    assert (await client.get(f"{path}/deliveries", headers=other.auth)).status == 404
    assert (await client.patch(path, json={"enabled": False}, headers=other.auth)).status == 404
    assert (await client.delete(path, headers=other.auth)).status == 404
    assert (await client.get(path, headers=hooked.staff)).status == 403
    assert (await _json(await client.get(path, headers=owner.auth), 200))["enabled"] is True

    assert (await client.delete(path, headers=owner.auth)).status == 204
    assert (await client.get(path, headers=owner.auth)).status == 404
    await hooked.ask_for_supplement(owner, "hemtjanst")
    await asyncio.sleep(1)
    assert receiver.received == [], "a deleted subscription receives nothing"


async def test_a_kind_switched_off_for_webhooks_is_not_sent(hooked: System, receiver: Receiver) -> None:
    provider = await hooked.provider_client(await hooked.register_provider("Valfria AB"))
    subscription = await _subscribe(hooked, provider, receiver.url)
    response = await hooked.client.put(
        "/preferences", json={"channels": {SUPPLEMENT: ["inbox", "email"]}}, headers=provider.auth
    )
    assert response.status == 200, await response.text()
    subject = await hooked.ask_for_supplement(provider, "hemtjanst")

    async def told() -> bool:
        entries = (await _json(await hooked.client.get("/notifications", headers=provider.auth), 200))[
            "items"
        ]
        return any(e["subject"] == subject for e in entries)

    await eventually(told, what="the inbox entry")
    assert await _log(hooked, provider, subscription["id"]) == []


async def _subscription(system: System, provider: Provider, subscription_id: str) -> Any:
    return await _json(await system.client.get(f"/webhooks/{subscription_id}", headers=provider.auth), 200)


async def test_a_rotated_secret_signs_beside_the_new_one_for_the_overlap_then_only_the_new_one(
    hooked: System, receiver: Receiver
) -> None:
    provider = await hooked.provider_client(await hooked.register_provider("Roterande AB"))
    subscription = await _subscribe(hooked, provider, receiver.url)
    old = subscription["secret"]
    path = f"/webhooks/{subscription['id']}/secret"
    rotated = await _json(await hooked.client.post(path, headers=provider.auth), 200)
    new = rotated["secret"]
    assert new.startswith("whsec_") and new != old and rotated["id"] == subscription["id"]
    overlap = datetime.fromisoformat(rotated["previous_secret_until"]) - datetime.fromisoformat(
        rotated["updated_at"]
    )
    assert overlap.total_seconds() == hooked.settings.webhook_secret_overlap_h * 3600
    shown = await _subscription(hooked, provider, subscription["id"])
    assert "secret" not in shown and "previous_secret" not in shown, "the new secret is shown once"

    await hooked.ask_for_supplement(provider, "hemtjanst")
    await _delivery_in(hooked, provider, subscription["id"], "delivered")
    (during,) = receiver.received
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        assert Webhook(secret).verify(during.body, during.headers)["type"] == SUPPLEMENT

    # The overlap is over: as if the rotation were a day and more ago.
    async with hooked.runtime("notifications").writes() as session:
        await session.exec(  # type: ignore[call-overload]
            sa.text("UPDATE webhook_subscriptions SET secret_rotated_at = :at WHERE id = :id"),
            params={"at": now_utc() - timedelta(hours=25), "id": subscription["id"]},
        )
        await session.commit()
    await hooked.ask_for_supplement(provider, "boendestod")
    await _delivery_in(hooked, provider, subscription["id"], "delivered", count=2)
    after = receiver.received[1]
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    assert Webhook(new).verify(after.body, after.headers)["type"] == SUPPLEMENT
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(after.body, after.headers)
