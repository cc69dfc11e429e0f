"""Faults on the cluster layout (two replicas of each service and a scheduler behind nginx, on PostgreSQL
and the three-node RabbitMQ cluster), counted end to end by event id: every submission a client was told
is done has its event applied once by the notifications service (one inbox entry) and one work item; none
is lost, none doubled."""

import asyncio
import os
import signal
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from cluster.launcher import Member
from shared.messaging.topology import Topology
from tests.support.cluster_layout import Running, cluster_layout
from tests.support.databases import backend
from tests.support.event_counts import Tally, tally
from tests.support.polling import eventually
from tests.support.rabbit_cluster import RabbitCluster

pytestmark = [
    pytest.mark.skipif(backend() != "postgresql", reason="the cluster layout runs on PostgreSQL"),
    pytest.mark.timeout(300),
]

SUBMISSIONS = 10


@pytest_asyncio.fixture(scope="module")
async def layout(rabbit_cluster: RabbitCluster) -> AsyncIterator[Running]:
    async with cluster_layout(rabbit_cluster) as running:
        yield running


async def _filled(layout: Running, count: int) -> list[tuple[dict[str, str], str]]:
    return list(await asyncio.gather(*(layout.filled_application(f"Felet {n} AB") for n in range(count))))


async def _settled(layout: Running, subjects: list[str]) -> Tally:
    """Counts once every event is published and applied, with time for a duplicate to land."""

    async def done() -> Tally | None:
        counted = await tally(layout.rows)
        made = all(counted.work_items[subject] for subject in subjects)
        ready = counted.unpublished == 0 and not counted.lost() and made
        return counted if ready else None

    await eventually(done, timeout=60, interval=0.5, what="every event published and applied")
    await asyncio.sleep(1.0)  # a redelivered duplicate, if one were coming, lands meanwhile
    return await eventually(done, timeout=30, interval=0.5, what="the counts again")


async def _submit_all(layout: Running, filled: list[tuple[dict[str, str], str]]) -> list[list[int]]:
    return list(await asyncio.gather(*(layout.submit(auth, app) for auth, app in filled)))


def _kill(member: Member) -> None:
    assert member.process is not None
    os.killpg(member.process.pid, signal.SIGKILL)


async def test_an_application_replica_killed_under_load_loses_and_doubles_nothing(layout: Running) -> None:
    filled = await _filled(layout, SUBMISSIONS)
    victim = layout.cluster.replicas["application"][0]

    async def kill_soon() -> None:
        await asyncio.sleep(0.1)
        _kill(victim)

    answers, _ = await asyncio.gather(_submit_all(layout, filled), kill_soon())
    assert victim.process is not None and await victim.process.wait() == -signal.SIGKILL
    assert all(seen[-1] in (200, 409) for seen in answers)

    subjects = [f"applications/{app}" for _, app in filled]
    counted = await _settled(layout, subjects)
    assert counted.doubled_work(subjects) == {}
    await layout.cluster.restart(victim)


async def test_the_rabbit_node_leading_the_queues_killed_under_load_loses_and_doubles_nothing(
    layout: Running, nodes: RabbitCluster
) -> None:
    filled = await _filled(layout, SUBMISSIONS)
    prefix = layout.cluster.replicas["notifications"][0].env["AMQP_PREFIX"]
    leader = await nodes.leader_of(Topology(prefix).work_queue("notifications"))

    answers, _ = await asyncio.gather(_submit_all(layout, filled), nodes.kill(leader))
    assert all(seen[-1] in (200, 409) for seen in answers)

    subjects = [f"applications/{app}" for _, app in filled]
    counted = await _settled(layout, subjects)
    assert counted.doubled_work(subjects) == {}
    # The killed node comes back with the deliveries it had handed out unacknowledged: none is applied again.
    await nodes.restart(leader)
    assert (await _settled(layout, subjects)).doubled_work(subjects) == {}
