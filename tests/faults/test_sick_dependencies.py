"""A sick database or broker is told, not hidden: a database that refuses connections or swallows packets is
answered with 503 and `Retry-After` within a few seconds, never a 500 or a hang, and a write the client
was told failed is not committed later; /readyz says which dependency is not ready, in time."""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable

import aiohttp
import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url
from yarl import URL

from tests.support.broker import AMQP_URL
from tests.support.databases import backend
from tests.support.system import System, start_system, stop_system
from tests.support.tcp_proxy import TcpProxy

# Short enough that a test waits little, long enough that a loaded machine answers a healthy request.
TIMEOUT_S = 1.5
WITHIN_S = 8


@pytest_asyncio.fixture
async def sick_database() -> AsyncIterator[tuple[System, TcpProxy]]:
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()

    def through_proxy(url: str) -> str:
        return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(False)

    system = await start_system(
        reach_database=through_proxy if backend() == "postgresql" else None,
        database_connect_timeout_s=TIMEOUT_S,
        database_pool_timeout_s=TIMEOUT_S,
        database_statement_timeout_s=TIMEOUT_S,
        readiness_timeout_s=TIMEOUT_S,
    )
    yield system, proxy
    proxy.resume()
    await proxy.restore()
    await stop_system(system)
    await proxy.close()


postgresql_only = pytest.mark.skipif(backend() != "postgresql", reason="SQLite has no server to lose")


async def _timed(request: Awaitable[aiohttp.ClientResponse]) -> tuple[float, aiohttp.ClientResponse]:
    started = time.monotonic()
    response = await request
    return time.monotonic() - started, response


async def _assert_unavailable(system: System, response: aiohttp.ClientResponse, took: float) -> None:
    assert response.status == 503, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert int(response.headers["Retry-After"]) == system.settings.retry_after_s
    assert took < WITHIN_S, f"answered after {took:.1f} s"


@postgresql_only
@pytest.mark.parametrize("fault", ["refused", "black_hole"])
async def test_a_sick_database_is_answered_with_503_in_time_and_a_refused_write_is_not_committed(
    sick_database: tuple[System, TcpProxy], fault: str
) -> None:
    system, proxy = sick_database
    provider = await system.register_provider()
    application = await system.start_application(provider)
    before = await system.count("application", "applications")

    if fault == "refused":
        await proxy.cut()
    else:
        proxy.black_hole()
    for method, path, body in (
        ("POST", "/applications", {"area_code": "boendestod"}),
        ("GET", f"/applications/{application['id']}", None),
        ("GET", "/applications", None),
    ):
        took, response = await _timed(system.client.request(method, path, json=body, headers=provider.auth))
        await _assert_unavailable(system, response, took)
    took, ready = await _timed(system.client.get("/readyz"))
    assert ready.status == 503 and took < WITHIN_S
    assert (await ready.json())["checks"]["application.database"].startswith("failing")

    proxy.resume()
    await proxy.restore()
    await asyncio.sleep(2 * TIMEOUT_S)  # what was sent before the fault had every chance to land
    assert await system.count("application", "applications") == before
    listed = await system.client.get("/applications", headers=provider.auth)
    assert listed.status == 200, await listed.text()
    assert [a["area_code"] for a in (await listed.json())["items"]] == ["hemtjanst"]
    assert (await system.client.get("/readyz")).status == 200


@pytest_asyncio.fixture
async def sick_broker() -> AsyncIterator[tuple[System, TcpProxy]]:
    broker = URL(AMQP_URL)
    proxy = TcpProxy(broker.host or "127.0.0.1", broker.port or 5672)
    await proxy.start()
    url = str(broker.with_port(proxy.port).with_query({"reconnect_interval": "0.5"}))
    system = await start_system(amqp_url=url, readiness_timeout_s=TIMEOUT_S)
    yield system, proxy
    proxy.resume()
    await stop_system(system)
    await proxy.close()


async def test_readyz_is_503_while_the_broker_is_black_holed_and_200_again_after(
    sick_broker: tuple[System, TcpProxy],
) -> None:
    system, proxy = sick_broker
    assert (await system.client.get("/readyz")).status == 200
    proxy.black_hole()
    took, ready = await _timed(system.client.get("/readyz"))
    assert ready.status == 503, await ready.text()
    assert took < WITHIN_S
    assert (await ready.json())["checks"]["broker"].startswith("failing")
    proxy.resume()
