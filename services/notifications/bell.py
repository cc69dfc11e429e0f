"""The bell the consumer rings when it committed inbox entries, so that the live streams this process
serves read them at once. Entries another process wrote reach a stream at its next poll
(`STREAM_POLL_INTERVAL_S`); the bell only spares the wait for this process's own."""

import asyncio
import contextlib


class Bell:
    def __init__(self) -> None:
        self._rung = asyncio.Event()

    def ring(self) -> None:
        self._rung.set()
        self._rung = asyncio.Event()

    def ticket(self) -> asyncio.Event:
        """Taken before a stream reads: set by the next ring after it, so a ring that comes between the
        read and the wait is not missed."""
        return self._rung

    async def wait(self, ticket: asyncio.Event, timeout_s: float) -> None:
        """Until the bell rings after `ticket` was taken, or `timeout_s` has passed."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ticket.wait(), timeout_s)
