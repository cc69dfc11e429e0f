"""A creating POST sent again with its Idempotency-Key (a provider's system retrying after a timeout) creates
nothing more and is answered the first answer again, in each service; another body with the key is refused;
keys are the caller's own; two requests with one key at once create once; a secret shown once is never
replayed; and the keys are forgotten after IDEMPOTENCY_KEY_TTL_H."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import ClientResponse
from sqlmodel import select

from shared.clock import now_utc
from shared.idempotency.table import IdempotencyKey
from tests.support.approval import reportable_authorisation
from tests.support.reports import deviation_body
from tests.support.system import Provider, System, random_organisation_number, start_system, stop_system

KEY = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
WEBHOOK = {"url": "https://127.0.0.1/hook", "event_types": ["application.supplement_requested"]}


@pytest_asyncio.fixture(scope="module")
async def keyed() -> AsyncIterator[System]:
    system = await start_system(webhook_allow_private_addresses=True)
    yield system
    await stop_system(system)


def _with_key(provider: Provider, key: str) -> dict[str, str]:
    return {**provider.auth, KEY: key}


async def _twice(send: Any) -> tuple[ClientResponse, ClientResponse]:
    first = await send()
    return first, await send()


async def _sent_twice_answered_alike(send: Any) -> tuple[ClientResponse, ClientResponse]:
    """Sends the same request twice: both are answered 201 with one body, the second as a replay."""
    first, again = await _twice(send)
    assert first.status == again.status == 201, await again.text()
    assert await again.json() == await first.json()
    assert again.headers[REPLAYED] == "true" and REPLAYED not in first.headers
    return first, again


async def _applications_of(system: System, provider: Provider) -> int:
    return await system.count("application", "applications", "provider_id = :p", p=provider.provider_id)


async def _subscriptions_of(system: System, provider: Provider) -> int:
    where = "provider_id = :p"
    return await system.count("notifications", "webhook_subscriptions", where, p=provider.provider_id)


async def _kept_bodies(system: System) -> list[bytes]:
    async with system.runtime("application").reads() as session:
        found = await session.exec(select(IdempotencyKey))
        return [row.body for row in found if row.body is not None]


async def test_a_retried_application_is_created_once_and_answered_the_same(keyed: System) -> None:
    provider = await keyed.register_provider()
    key = str(uuid.uuid4())

    async def send() -> ClientResponse:
        return await keyed.client.post(
            "/applications", json={"area_code": "hemtjanst"}, headers=_with_key(provider, key)
        )

    first, again = await _sent_twice_answered_alike(send)
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert await _applications_of(keyed, provider) == 1


async def test_another_body_with_the_same_key_is_refused_and_creates_nothing(keyed: System) -> None:
    provider = await keyed.register_provider()
    key = str(uuid.uuid4())
    headers = _with_key(provider, key)
    assert (
        await keyed.client.post("/applications", json={"area_code": "hemtjanst"}, headers=headers)
    ).status == 201
    other = await keyed.client.post("/applications", json={"area_code": "boendestod"}, headers=headers)
    assert other.status == 422
    assert other.content_type == "application/problem+json"
    assert await _applications_of(keyed, provider) == 1


async def test_a_refused_request_leaves_the_key_free_for_the_corrected_one(keyed: System) -> None:
    provider = await keyed.register_provider()
    headers = _with_key(provider, str(uuid.uuid4()))
    refused = await keyed.client.post("/applications", json={"area_code": 7}, headers=headers)
    assert refused.status == 422
    corrected = await keyed.client.post("/applications", json={"area_code": "hemtjanst"}, headers=headers)
    assert corrected.status == 201, await corrected.text()
    assert REPLAYED not in corrected.headers


async def test_keys_are_the_callers_own(keyed: System) -> None:
    one, other = await keyed.register_provider(), await keyed.register_provider()
    key = str(uuid.uuid4())
    body = {"area_code": "hemtjanst"}
    mine = await keyed.client.post("/applications", json=body, headers=_with_key(one, key))
    theirs = await keyed.client.post("/applications", json=body, headers=_with_key(other, key))
    assert mine.status == theirs.status == 201
    assert REPLAYED not in theirs.headers
    assert (await mine.json())["id"] != (await theirs.json())["id"]
    assert await _applications_of(keyed, one) == await _applications_of(keyed, other) == 1


async def test_two_requests_with_one_key_at_once_create_once(keyed: System) -> None:
    # Webhook subscriptions, of which a provider may have any number alike: only the key stands in the way.
    # Webhooks and clients are the organisation's to manage: an administrator's.
    provider = await keyed.provider_client(await keyed.register_provider())
    headers = _with_key(provider, str(uuid.uuid4()))
    answers = await asyncio.gather(
        *(keyed.client.post("/webhooks", json=WEBHOOK, headers=headers) for _ in range(6))
    )
    statuses = sorted(answer.status for answer in answers)
    assert set(statuses) <= {201, 409} and 201 in statuses, statuses
    for answer in answers:
        if answer.status == 409:
            assert answer.headers["Retry-After"] == "1"
    created = {(await answer.json())["id"] for answer in answers if answer.status == 201}
    assert len(created) == 1
    assert await _subscriptions_of(keyed, provider) == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "two words", "tab\there"])
async def test_a_malformed_key_is_a_client_error(keyed: System, key: str) -> None:
    provider = await keyed.register_provider()
    answer = await keyed.client.post(
        "/applications", json={"area_code": "hemtjanst"}, headers=_with_key(provider, key)
    )
    assert answer.status == 400, await answer.text()
    assert answer.content_type == "application/problem+json"
    assert await _applications_of(keyed, provider) == 0


async def test_a_retried_deviation_is_reported_once(keyed: System) -> None:
    provider = await keyed.register_provider()
    authorisation_id = await reportable_authorisation(keyed, provider)
    body = deviation_body(authorisation_id)
    headers = _with_key(provider, str(uuid.uuid4()))

    async def send() -> ClientResponse:
        return await keyed.client.post("/deviations", json=body, headers=headers)

    await _sent_twice_answered_alike(send)
    assert await keyed.count("reporting", "deviations", "authorisation_id = :a", a=authorisation_id) == 1


async def test_a_retried_webhook_subscription_is_made_once(keyed: System) -> None:
    # Webhooks and clients are the organisation's to manage: an administrator's.
    provider = await keyed.provider_client(await keyed.register_provider())
    headers = _with_key(provider, str(uuid.uuid4()))

    async def send() -> ClientResponse:
        return await keyed.client.post("/webhooks", json=WEBHOOK, headers=headers)

    await _sent_twice_answered_alike(send)
    assert await _subscriptions_of(keyed, provider) == 1


async def test_a_retried_registration_is_made_once_and_never_shows_the_secret_again(keyed: System) -> None:
    org = random_organisation_number()
    body = {"organisation_number": org, "name": "Omsorg i Nacka AB", "f_tax": True, "contact_email": "a@b.se"}
    headers = {KEY: str(uuid.uuid4())}

    async def send() -> ClientResponse:
        return await keyed.client.post("/providers", json=body, headers=headers)

    first, again = await _twice(send)
    assert first.status == 201, await first.text()
    created = await first.json()
    secret = created["client"]["client_secret"]
    assert again.status == 409 and again.headers[REPLAYED] == "true"
    text = await again.text()
    assert secret not in text
    assert (await again.json())["created"]["client"]["client_id"] == created["client"]["client_id"]
    assert await keyed.count("application", "providers", "organisation_number = :o", o=org) == 1
    kept = await _kept_bodies(keyed)
    assert kept and not any(secret.encode() in body for body in kept)


async def test_a_retried_client_is_made_once_and_never_shows_the_secret_again(keyed: System) -> None:
    # Webhooks and clients are the organisation's to manage: an administrator's.
    provider = await keyed.provider_client(await keyed.register_provider())
    headers = _with_key(provider, str(uuid.uuid4()))

    async def send() -> ClientResponse:
        return await keyed.client.post("/providers/me/clients", json={"label": "Rotation"}, headers=headers)

    first, again = await _twice(send)
    assert first.status == 201, await first.text()
    assert again.status == 409
    assert (await first.json())["client_secret"] not in await again.text()
    assert (await again.json())["created"]["client_id"] == (await first.json())["client_id"]


async def test_the_keys_are_forgotten_after_the_window(keyed: System) -> None:
    provider = await keyed.register_provider()
    key = str(uuid.uuid4())
    headers = _with_key(provider, key)
    assert (
        await keyed.client.post("/applications", json={"area_code": "hemtjanst"}, headers=headers)
    ).status == 201
    mine = "scope = :s AND key = :k"
    scope = f"client:{provider.client_id}"
    job = keyed.runtime("application").retention
    assert job is not None
    await job.run(now_utc() + timedelta(hours=keyed.settings.idempotency_key_ttl_h - 1))
    assert await keyed.count("application", "idempotency_keys", mine, s=scope, k=key) == 1
    await job.run(now_utc() + timedelta(hours=keyed.settings.idempotency_key_ttl_h + 1))
    assert await keyed.count("application", "idempotency_keys", mine, s=scope, k=key) == 0
    # Forgotten, the key is free for any request again, where it was bound to its first body.
    again = await keyed.client.post("/applications", json={"area_code": "boendestod"}, headers=headers)
    assert again.status == 201, await again.text()
    assert await _applications_of(keyed, provider) == 2
