"""A real SMTP server in this process (aiosmtpd, on its own thread), keeping what it receives and refusing
for good (550) the recipients it is told to."""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiohttp.test_utils import unused_port
from aiosmtpd.controller import Controller

from tests.support.system import System, start_system, stop_system


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused: set[str] = set()
        # Each RCPT TO the server answered 550, by address.
        self.refusals: list[str] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refused:
            self.refusals.append(address)
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    # aiosmtpd's own port 0 breaks its readiness check: choose a free port first.
    port = unused_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@asynccontextmanager
async def system_with_mail(**overrides: Any) -> AsyncIterator[tuple[System, Mailbox]]:
    """A running system whose emails go to a mail server of the test's own, quickly retried; `overrides`
    are further settings."""
    with smtp_server() as (mailbox, port):
        system = await start_system(
            smtp_host="127.0.0.1",
            smtp_port=port,
            delivery_poll_interval_s=0.1,
            delivery_retry_delays_s=(0.2,),
            **overrides,
        )
        try:
            yield system, mailbox
        finally:
            await stop_system(system)
