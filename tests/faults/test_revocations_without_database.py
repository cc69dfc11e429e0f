"""A process that cannot read its database goes on with the revocations it last read: a revoked client's
token stays refused, every other token is accepted, and no request waits for the database to answer.
SQLite has no connection to lose."""

import asyncio
import contextlib

import pytest
from sqlalchemy.engine import make_url

from shared.db import Timeouts
from tests.support.databases import backend
from tests.support.polling import eventually
from tests.support.replicas import replica
from tests.support.system import System
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="SQLite keeps no server connections")
QUICK = Timeouts(connect_s=1, pool_s=1, statement_s=1)


async def test_a_replica_without_its_database_keeps_refusing_what_it_last_knew(system: System) -> None:
    provider = await system.register_provider("Utan databas AB")
    added = await system.client.post(
        "/providers/me/clients",
        json={"label": "ny", "role": "administrator"},
        headers=await system.administrator(provider),
    )
    assert added.status == 201, await added.text()
    body = await added.json()
    other_token = await system.token(body["client_id"], body["client_secret"])

    url = make_url(system.settings.database_url("reporting"))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    through_proxy = url.set(port=proxy.port).render_as_string(hide_password=False)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(proxy.close)
        other_process = await stack.enter_async_context(
            replica(
                system.settings, "reporting", through_proxy, Timeouts(connect_s=1, pool_s=1, statement_s=1)
            )
        )
        deleted = await system.client.delete(
            f"/providers/me/clients/{provider.client_id}", headers={"Authorization": f"Bearer {other_token}"}
        )
        assert deleted.status == 204
        await eventually(lambda: other_process.refuses(provider.token), what="the replica refusing")

        proxy.stall()
        # A refresh waiting on a database that does not answer holds no request up.
        waiting = asyncio.create_task(other_process.revocations.refresh())
        assert await asyncio.wait_for(other_process.refuses(provider.token), 0.5)
        assert not await asyncio.wait_for(other_process.refuses(other_token), 0.5)
        assert not await waiting

        await proxy.cut()
        assert not await other_process.revocations.refresh()
        assert await other_process.refuses(provider.token)
        assert not await other_process.refuses(other_token)

        await proxy.restore()
        proxy.resume()
        await eventually(other_process.revocations.refresh, what="the replica reading its database again")
