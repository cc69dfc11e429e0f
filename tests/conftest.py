"""Fixtures on the machine's real RabbitMQ and the database chosen by TEST_DATABASE."""

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.support.system import System, start_system, stop_system


@pytest_asyncio.fixture(scope="session")
async def system() -> AsyncIterator[System]:
    """One running system shared by the tests that only add their own providers and rows."""
    running = await start_system()
    yield running
    await stop_system(running)
