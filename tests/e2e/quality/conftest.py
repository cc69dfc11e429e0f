"""A system of its own per test: a round is per year for the whole installation, so tests that open rounds
must not share one."""

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.support.system import System, start_system, stop_system


@pytest_asyncio.fixture
async def fresh() -> AsyncIterator[System]:
    running = await start_system()
    yield running
    await stop_system(running)
