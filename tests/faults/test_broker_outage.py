"""The broker goes away while providers work: their requests still succeed, and every event arrives
once the broker is back. Nothing lost, nothing doubled."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest_asyncio
from yarl import URL

from tests.support.applications import fill_application
from tests.support.broker import AMQP_URL
from tests.support.polling import eventually
from tests.support.system import System, start_system, stop_system
from tests.support.tcp_proxy import TcpProxy


@pytest_asyncio.fixture
async def proxied() -> AsyncIterator[tuple[System, TcpProxy]]:
    broker = URL(AMQP_URL)
    proxy = TcpProxy(broker.host or "127.0.0.1", broker.port or 5672)
    await proxy.start()
    url = str(broker.with_port(proxy.port).with_query({"reconnect_interval": "0.5"}))
    system = await start_system(amqp_url=url)
    yield system, proxy
    await proxy.restore()
    await stop_system(system)
    await proxy.close()


async def _unpublished(system: System) -> int:
    return await system.count("application", "outbox", "published_at IS NULL")


async def test_submissions_during_an_outage_arrive_once_the_broker_is_back(
    proxied: tuple[System, TcpProxy],
) -> None:
    system, proxy = proxied
    provider = await system.register_provider("Avbrottet AB")
    applications = [await system.start_application(provider, area) for area in ("hemtjanst", "boendestod")]
    for application in applications:
        await fill_application(system.client, "", provider.auth, application["id"])

    await proxy.cut()
    for application in applications:
        response = await system.client.post(
            f"/applications/{application['id']}/submit", headers=provider.auth
        )
        assert response.status == 200
    late = await system.register_provider("Under avbrottet AB")
    assert (await system.client.get("/readyz")).status == 503

    await asyncio.sleep(1.0)
    assert await _unpublished(system) >= 3
    for application in applications:
        assert await system.work_items(f"applications/{application['id']}") == []

    await proxy.restore()
    for application in applications:
        await eventually(_work_item_of(system, application["id"]), timeout=30, what="a work item")
    await eventually(lambda: _all_published(system), timeout=30, what="the outbox to drain")
    await eventually(
        lambda: _contact_copied(system, late.provider_id), timeout=30, what="the late registration"
    )

    await asyncio.sleep(1.0)  # give a duplicate, if any were coming, time to land
    for application in applications:
        assert len(await system.work_items(f"applications/{application['id']}")) == 1
    assert (await system.client.get("/readyz")).status == 200


def _work_item_of(system: System, application_id: str) -> Callable[[], Awaitable[list[dict[str, Any]]]]:
    return lambda: system.work_items(f"applications/{application_id}")


async def _all_published(system: System) -> bool:
    return await _unpublished(system) == 0


async def _contact_copied(system: System, provider_id: str) -> bool:
    return await system.count("notifications", "provider_contacts", "provider_id = :id", id=provider_id) == 1
