"""A system with a real mail server, since invitations arrive by email."""

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.support.mail import Mailbox, smtp_server
from tests.support.system import System, start_system, stop_system


@pytest_asyncio.fixture(scope="module")
async def mailed() -> AsyncIterator[tuple[System, Mailbox]]:
    with smtp_server() as (mailbox, port):
        system = await start_system(
            smtp_host="127.0.0.1",
            smtp_port=port,
            delivery_poll_interval_s=0.1,
            delivery_retry_delays_s=(0.2,),
        )
        yield system, mailbox
        await stop_system(system)
