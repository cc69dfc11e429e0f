"""The portal talks to the other services over HTTP and needs no broker: a process that runs it alone starts,
is ready and serves its pages while no RabbitMQ answers, and a process with a messaging service still says
when its broker is away."""

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer, unused_port

from services.portal.app import install as install_portal
from services.reporting.app import install as install_reporting
from shared.http.app import Installer, build_app
from shared.messaging.broker import BrokerUnavailable
from shared.settings import Settings
from tests.support.databases import Databases


@pytest_asyncio.fixture
async def no_broker() -> AsyncIterator[tuple[Settings, Databases]]:
    folder = Path(tempfile.mkdtemp(prefix="kundval-test-"))
    databases = Databases(folder)
    urls = await databases.create()
    # Nothing listens on an unused port: every connection to it is refused.
    settings = Settings(
        data_dir=folder,
        application_database_url=urls["application"],
        reporting_database_url=urls["reporting"],
        notifications_database_url=urls["notifications"],
        portal_database_url=urls["portal"],
        amqp_url=f"amqp://guest:guest@127.0.0.1:{unused_port()}/",
        host="127.0.0.1",
        port=unused_port(),
        scheduler_enabled=False,
    )
    yield settings, databases
    await databases.drop()


Client = TestClient[web.Request, web.Application]


async def _started(settings: Settings, installers: list[Installer]) -> Client | None:
    client: Client = TestClient(TestServer(build_app(settings, installers, "portal")))
    try:
        await client.start_server()
    except BrokerUnavailable:
        await client.close()
        return None
    return client


async def test_the_portal_alone_starts_and_serves_without_a_broker(
    no_broker: tuple[Settings, Databases],
) -> None:
    settings, _ = no_broker
    client = await _started(settings, [install_portal])
    assert client is not None, "the portal did not start without a broker"
    try:
        ready = await client.get("/readyz")
        assert ready.status == 200, await ready.text()
        assert set((await ready.json())["checks"]) == {"portal.database"}
        page = await client.get("/portal/accessibility")
        assert page.status == 200, await page.text()
    finally:
        await client.close()


async def test_a_messaging_service_still_needs_its_broker(no_broker: tuple[Settings, Databases]) -> None:
    settings, _ = no_broker
    client = await _started(settings, [install_reporting])
    if client is not None:
        await client.close()
    assert client is None, "a service that publishes and consumes started without its broker"
