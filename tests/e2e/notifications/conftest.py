"""Fixtures the notification tests share."""

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.support.receiver import Receiver, webhook_receiver


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A webhook receiver on 127.0.0.1 that records what it gets."""
    async with webhook_receiver() as running:
        yield running
