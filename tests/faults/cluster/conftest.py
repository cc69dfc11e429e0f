"""The three-node RabbitMQ cluster the tests of this folder share: started once per test session."""

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.support.rabbit_cluster import RabbitCluster, available, start_cluster, stop_cluster


@pytest_asyncio.fixture(scope="session")
async def rabbit_cluster() -> AsyncIterator[RabbitCluster]:
    if not available():
        pytest.skip("rabbitmq-server is not installed: the cluster tests need its scripts")
    cluster = await start_cluster()
    yield cluster
    await stop_cluster(cluster)


@pytest_asyncio.fixture
async def nodes(rabbit_cluster: RabbitCluster) -> AsyncIterator[RabbitCluster]:
    """The cluster with all three nodes up, before and after a test that stops or kills one."""
    await rabbit_cluster.heal()
    yield rabbit_cluster
    await rabbit_cluster.heal()
