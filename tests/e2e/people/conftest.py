"""A system with a real mail server, since invitations arrive by email."""

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.support.mail import Mailbox, system_with_mail
from tests.support.system import System


@pytest_asyncio.fixture(scope="module")
async def mailed() -> AsyncIterator[tuple[System, Mailbox]]:
    async with system_with_mail() as running:
        yield running
