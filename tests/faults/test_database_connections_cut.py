"""PostgreSQL drops the service's connections (a restart, a failover, an idle timeout in between): reads
and writes answer as before, on new connections, each done once. SQLite has no connections to lose."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url

from tests.support.databases import backend
from tests.support.system import System, start_system, stop_system

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="SQLite keeps no server connections")


@pytest_asyncio.fixture
async def system() -> AsyncIterator[System]:
    running = await start_system()
    yield running
    await stop_system(running)


async def _cut_connections(database_url: str) -> int:
    """Ends every server process serving the database, as a restart would; answers how many."""
    url = make_url(database_url)
    admin = await asyncpg.connect(
        url.set(drivername="postgresql", database="postgres").render_as_string(False)
    )
    try:
        ended = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            url.database,
        )
        return len(ended)
    finally:
        await admin.close()


async def test_reads_answer_on_new_connections_after_a_cut(system: System) -> None:
    provider = await system.register_provider("Avbrott i databasen AB")
    application = await system.start_application(provider, "hemtjanst")
    path = f"/applications/{application['id']}"
    for _ in range(3):
        assert (await system.client.get(path, headers=provider.auth)).status == 200

    assert await _cut_connections(system.settings.database_url("application")) > 0
    for _ in range(5):
        response = await system.client.get(path, headers=provider.auth)
        assert response.status == 200, await response.text()


async def test_a_write_after_a_cut_is_done_once(system: System) -> None:
    provider = await system.register_provider("Avbrott vid skrivning AB")
    await system.start_application(provider, "hemtjanst")
    await _cut_connections(system.settings.database_url("application"))

    # It failed on its first statement, before any commit: run again on a new connection, it is done once.
    response = await system.client.post(
        "/applications", json={"area_code": "boendestod"}, headers=provider.auth
    )
    assert response.status == 201, await response.text()
    listed = await (await system.client.get("/applications", headers=provider.auth)).json()
    assert sorted(a["area_code"] for a in listed["items"]) == ["boendestod", "hemtjanst"]
