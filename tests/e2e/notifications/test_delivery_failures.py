"""Failed deliveries, classified as Notify does, against a real receiver and mail server: a 5xx or 429 is
tried again (after the receiver's Retry-After), another 4xx is not, 410 disables the subscription at once;
a subscription disabled after failing, and an email refused for good, tell the owner in the inbox once,
with the last error."""

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest_asyncio

from shared.auth.principal import Kind
from tests.support.mail import Mailbox, smtp_server
from tests.support.polling import eventually
from tests.support.receiver import Receiver
from tests.support.system import Provider, System, start_system, stop_system

SUPPLEMENT = "application.supplement_requested"


@pytest_asyncio.fixture(scope="module")
async def failing() -> AsyncIterator[tuple[System, Mailbox]]:
    with smtp_server() as (mailbox, port):
        system = await start_system(
            webhook_allow_private_addresses=True,
            webhook_allow_http=True,
            smtp_host="127.0.0.1",
            smtp_port=port,
            delivery_poll_interval_s=0.1,
            delivery_retry_delays_s=(0.3, 0.6),
            delivery_timeout_s=2,
        )
        yield system, mailbox
        await stop_system(system)


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _subscribed(system: System, receiver: Receiver, name: str) -> tuple[Provider, str]:
    provider = await system.provider_client(await system.register_provider(name))
    body = {"url": receiver.url, "event_types": [SUPPLEMENT]}
    created = await _json(await system.client.post("/webhooks", json=body, headers=provider.auth), 201)
    return provider, created["id"]


async def _settled(system: System, provider: Provider, subscription_id: str) -> dict[str, Any]:
    """The subscription's one delivery, once it is delivered or has failed."""

    async def settled() -> dict[str, Any] | None:
        path = f"/webhooks/{subscription_id}/deliveries"
        items = (await _json(await system.client.get(path, headers=provider.auth), 200))["items"]
        return items[0] if items and items[0]["status"] in ("delivered", "failed") else None

    return await eventually(settled, what="the delivery to settle")


async def _subscription(system: System, provider: Provider, subscription_id: str) -> Any:
    return await _json(await system.client.get(f"/webhooks/{subscription_id}", headers=provider.auth), 200)


async def _notices(system: System, headers: dict[str, str], event_type: str) -> list[dict[str, Any]]:
    entries = (await _json(await system.client.get("/notifications", headers=headers), 200))["items"]
    return [entry for entry in entries if entry["event_type"] == event_type]


async def _told(system: System, headers: dict[str, str], event_type: str) -> dict[str, Any]:
    async def told() -> list[dict[str, Any]]:
        return await _notices(system, headers, event_type)

    (notice,) = await eventually(told, what=f"a {event_type} notice")
    return notice


def _times(delivery: dict[str, Any]) -> list[datetime]:
    return [datetime.fromisoformat(attempt["attempted_at"]) for attempt in delivery["log"]]


async def test_a_server_error_is_retried_and_then_delivered(
    failing: tuple[System, Mailbox], receiver: Receiver
) -> None:
    system, _ = failing
    provider, subscription_id = await _subscribed(system, receiver, "Ojämna AB")
    receiver.answers = [(500, {})]
    await system.ask_for_supplement(provider, "hemtjanst")
    delivery = await _settled(system, provider, subscription_id)
    assert delivery["status"] == "delivered"
    assert [a["status_code"] for a in delivery["log"]] == [500, 204]


async def test_too_many_requests_waits_as_long_as_retry_after_asks(
    failing: tuple[System, Mailbox], receiver: Receiver
) -> None:
    system, _ = failing
    provider, subscription_id = await _subscribed(system, receiver, "Upptagna AB")
    receiver.answers = [(429, {"Retry-After": "2"})]
    await system.ask_for_supplement(provider, "hemtjanst")
    delivery = await _settled(system, provider, subscription_id)
    assert delivery["status"] == "delivered"
    assert [a["status_code"] for a in delivery["log"]] == [429, 204]
    first, second = _times(delivery)
    # The schedule alone would have waited 0.3 s.
    assert (second - first).total_seconds() >= 2, "the receiver's Retry-After, not the schedule"


async def test_a_client_error_is_not_retried_and_leaves_the_subscription_on(
    failing: tuple[System, Mailbox], receiver: Receiver
) -> None:
    system, _ = failing
    for status in (400, 404):
        provider, subscription_id = await _subscribed(system, receiver, f"Felaktiga {status} AB")
        receiver.answers = [(status, {})]
        await system.ask_for_supplement(provider, "hemtjanst")
        delivery = await _settled(system, provider, subscription_id)
        assert delivery["status"] == "failed" and delivery["next_attempt_at"] is None
        assert [a["status_code"] for a in delivery["log"]] == [status], "one attempt, no retry"
        assert (await _subscription(system, provider, subscription_id))["enabled"] is True
        assert await _notices(system, provider.auth, "webhook.disabled") == []


async def test_gone_disables_the_subscription_at_once_and_tells_its_owner(
    failing: tuple[System, Mailbox], receiver: Receiver
) -> None:
    system, _ = failing
    provider, subscription_id = await _subscribed(system, receiver, "Nedlagda AB")
    receiver.answers = [(410, {})]
    await system.ask_for_supplement(provider, "hemtjanst")
    delivery = await _settled(system, provider, subscription_id)
    assert [a["status_code"] for a in delivery["log"]] == [410]
    shown = await _subscription(system, provider, subscription_id)
    assert shown["enabled"] is False and "410" in shown["disabled_reason"]
    notice = await _told(system, provider.auth, "webhook.disabled")
    assert notice["subject"] == f"webhooks/{subscription_id}" and "HTTP 410" in notice["body"]


async def test_a_subscription_disabled_after_failing_tells_its_owner_once_with_the_last_error(
    failing: tuple[System, Mailbox], receiver: Receiver
) -> None:
    system, _ = failing
    provider, subscription_id = await _subscribed(system, receiver, "Trasiga AB")
    receiver.mode = "fail"
    await system.ask_for_supplement(provider, "hemtjanst")
    delivery = await _settled(system, provider, subscription_id)
    assert [a["status_code"] for a in delivery["log"]] == [500, 500, 500]
    notice = await _told(system, provider.auth, "webhook.disabled")
    assert subscription_id in notice["body"] and "HTTP 500" in notice["body"]
    assert notice["link"] == f"{system.settings.base_url}/webhooks/{subscription_id}"

    # Held while disabled: no more attempts, so no more notices.
    await system.ask_for_supplement(provider, "boendestod")

    async def held() -> bool:
        path = f"/webhooks/{subscription_id}/deliveries"
        items = (await _json(await system.client.get(path, headers=provider.auth), 200))["items"]
        return any(item["status"] == "held" for item in items)

    await eventually(held, what="the next delivery held")
    assert len(await _notices(system, provider.auth, "webhook.disabled")) == 1


async def test_an_email_refused_for_good_is_not_retried_and_tells_the_provider(
    failing: tuple[System, Mailbox],
) -> None:
    system, mailbox = failing
    address = "finns-inte@refuserade.example"
    mailbox.refused.add(address)
    provider = await system.register_provider("Refuserade AB", contact_email=address)
    await system.ask_for_supplement(provider, "hemtjanst")

    async def both_told() -> list[dict[str, Any]]:
        # The registration's invitation to be the first administrator was refused too.
        notices = await _notices(system, provider.auth, "email.refused")
        return notices if len(notices) >= 2 else []

    notices = await eventually(both_told, what="two email.refused notices")
    assert len(notices) == 2
    for notice in notices:
        assert address in notice["title"] and "550" in notice["body"]
    assert mailbox.refusals == [address, address], "each refused once: a permanent refusal is not tried again"
    assert mailbox.to(address) == []


async def test_an_email_refused_for_a_staff_member_tells_that_staff_member(
    failing: tuple[System, Mailbox],
) -> None:
    system, mailbox = failing
    address = "slutat@nacka.example"
    mailbox.refused.add(address)
    handler = await system.operator(Kind.STAFF, ["boendestod"])
    response = await system.client.put("/preferences", json={"email_address": address}, headers=handler)
    assert response.status == 200, await response.text()
    provider = await system.register_provider("Anmälarna AB")
    await system.submitted_application(provider, "boendestod")
    notice = await _told(system, handler, "email.refused")
    assert address in notice["title"]
    assert await _notices(system, provider.auth, "email.refused") == [], "only the address's owner"
    assert mailbox.refusals.count(address) == 1
