"""Unauthenticated routes are rate limited with 429 and Retry-After: the token endpoint per client id and
per address, registration per address; counted in the database, so the limits hold across replicas."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer, unused_port

from services.application.app import install as install_application
from shared.http.app import build_app
from tests.support.system import System, random_organisation_number, start_system, stop_system

PER_CLIENT, PER_ADDRESS, REGISTRATIONS = 3, 8, 4


@pytest_asyncio.fixture
async def limited() -> AsyncIterator[tuple[System, TestClient[web.Request, web.Application]]]:
    system = await start_system(
        token_requests_per_minute_per_client=PER_CLIENT,
        token_requests_per_minute_per_address=PER_ADDRESS,
        registrations_per_hour_per_address=REGISTRATIONS,
        trust_forwarded_for=True,
    )
    # A second replica of the application service, on the same database.
    port = unused_port()
    replica_app = build_app(
        system.settings.model_copy(update={"port": port}), [install_application], "replica"
    )
    replica = TestClient(TestServer(replica_app, host="127.0.0.1", port=port))
    await replica.start_server()
    yield system, replica
    await replica.close()
    await stop_system(system)


async def _well_inside_a_window(window_s: int) -> None:
    """Fixed windows: a test's requests must not straddle two, or the count starts again midway."""
    left = window_s - time.time() % window_s
    if left < 15:
        await asyncio.sleep(left + 0.5)


def _form(client_id: str, secret: str) -> dict[str, str]:
    return {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}


async def test_tokens_are_limited_per_client_id_across_replicas(
    limited: tuple[System, TestClient[web.Request, web.Application]],
) -> None:
    system, replica = limited
    await _well_inside_a_window(60)
    registered = await system.client.post(
        "/providers",
        json={
            "organisation_number": random_organisation_number(),
            "name": "Gränsen AB",
            "f_tax": True,
            "contact_email": "a@gransen.example",
        },
        headers={"X-Forwarded-For": "203.0.113.1"},
    )
    credentials = (await registered.json())["client"]
    form = _form(credentials["client_id"], credentials["client_secret"])
    # Each from its own address, so that only the client's own limit counts.
    statuses = [
        (
            await (system.client if n % 2 else replica).post(
                "/oauth/token", data=form, headers={"X-Forwarded-For": f"203.0.113.{10 + n}"}
            )
        ).status
        for n in range(PER_CLIENT + 1)
    ]
    assert statuses == [200] * PER_CLIENT + [429]
    refused = await replica.post("/oauth/token", data=form, headers={"X-Forwarded-For": "203.0.113.99"})
    assert refused.status == 429
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Another client id from the same place is not affected.
    other = await system.client.post(
        "/oauth/token",
        data=_form("staff-test", system.staff_secret),
        headers={"X-Forwarded-For": "203.0.113.99"},
    )
    assert other.status == 200


async def test_tokens_are_limited_per_address_whatever_the_client_id(
    limited: tuple[System, TestClient[web.Request, web.Application]],
) -> None:
    system, replica = limited
    await _well_inside_a_window(60)
    here = {"X-Forwarded-For": "198.51.100.7"}
    statuses = [
        (
            await (replica if n % 2 else system.client).post(
                "/oauth/token", data=_form(f"guess-{n}", "x"), headers=here
            )
        ).status
        for n in range(PER_ADDRESS + 1)
    ]
    assert statuses == [401] * PER_ADDRESS + [429]


async def test_registrations_are_limited_per_address_and_a_refused_one_registers_nothing(
    limited: tuple[System, TestClient[web.Request, web.Application]],
) -> None:
    system, replica = limited
    await _well_inside_a_window(3600)
    here = {"X-Forwarded-For": "192.0.2.44"}
    before = await system.count("application", "providers")
    statuses = []
    for n in range(REGISTRATIONS + 1):
        body = {
            "organisation_number": random_organisation_number(),
            "name": f"Nummer {n} AB",
            "f_tax": True,
            "contact_email": f"n{n}@nummer.example",
        }
        statuses.append(
            (await (replica if n % 2 else system.client).post("/providers", json=body, headers=here)).status
        )
    assert statuses == [201] * REGISTRATIONS + [429]
    assert await system.count("application", "providers") == before + REGISTRATIONS
