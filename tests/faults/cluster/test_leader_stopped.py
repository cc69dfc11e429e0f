"""The services on a three-node RabbitMQ cluster (AMQP_URL names the three nodes): the node that leads
their quorum queues is stopped while providers submit, and started again. Every event published is applied
once: each has one inbox entry in the notifications service, each submission one work item."""

import asyncio
from collections.abc import AsyncIterator

import pytest_asyncio

from shared.http.keys import BROKER_KEY
from shared.messaging.broker import NodeListConnection
from shared.messaging.topology import Topology
from tests.support.applications import fill_application
from tests.support.event_counts import Tally, reader, tally
from tests.support.polling import eventually
from tests.support.rabbit_cluster import RabbitCluster
from tests.support.system import Provider, System, start_system, stop_system

SUBMITTERS = 8


@pytest_asyncio.fixture
async def system(nodes: RabbitCluster) -> AsyncIterator[System]:
    running = await start_system(amqp_url=nodes.amqp_url())
    yield running
    await stop_system(running)


async def _filled(system: System, number: int) -> tuple[Provider, str]:
    provider = await system.register_provider(f"Klustret {number} AB")
    application = await system.start_application(provider)
    await fill_application(system.client, "", provider.auth, application["id"])
    return provider, application["id"]


async def _submit(system: System, provider: Provider, application_id: str) -> None:
    response = await system.client.post(f"/applications/{application_id}/submit", headers=provider.auth)
    assert response.status == 200, await response.text()


async def test_every_event_applied_once_when_the_queue_leader_stops_under_load(
    nodes: RabbitCluster, system: System
) -> None:
    filled = [await _filled(system, n) for n in range(SUBMITTERS)]
    work_queue = Topology(system.settings.amqp_prefix).work_queue("notifications")
    leader = await nodes.leader_of(work_queue)
    connection = system.app[BROKER_KEY]
    assert isinstance(connection, NodeListConnection)
    connected_to_leader = connection.url.port == leader.port

    first, second = filled[: SUBMITTERS // 2], filled[SUBMITTERS // 2 :]
    await asyncio.gather(*(_submit(system, p, a) for p, a in first), nodes.stop_app(leader))
    await asyncio.gather(*(_submit(system, p, a) for p, a in second))
    if connected_to_leader:
        await eventually(lambda: _moved(connection, leader.port), timeout=20, what="a reconnect elsewhere")
    assert (await nodes.leader_of(work_queue)).name != leader.name

    rows = reader({name: system.runtime(name).engine for name in ("application", "notifications")})
    subjects = [f"applications/{application_id}" for _, application_id in filled]

    async def settled() -> Tally | None:
        counted = await tally(rows)
        return counted if counted.unpublished == 0 and not counted.lost() else None

    await eventually(settled, timeout=45, interval=0.5, what="every published event applied")
    await nodes.start_app(leader)
    # Deliveries unacknowledged when the leader stopped come again from the new one: a duplicate would
    # make a second work item on its subject.
    await asyncio.sleep(1.0)
    counted = await settled()
    assert counted is not None
    assert counted.doubled_work(subjects) == {}


async def _moved(connection: NodeListConnection, port: int | None) -> bool:
    return connection.connected.is_set() and connection.url.port != port
