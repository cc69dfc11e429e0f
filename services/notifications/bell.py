"""The bell the consumer rings when it has committed inbox entries. It carries them, so that the live
streams this process serves send them at once, without reading them back.

A stream knows the number up to which it has every entry of its recipient (`known`). What the bell
carries is enough only if it continues that without a gap: entry numbers are taken under a lock held
until commit (storage/inbox.py), so a number the bell does not hold was taken by another process (or
forgotten here), and the stream reads from the database instead.

Entries of other processes are noticed once for all streams: one watcher per process reads the last number
taken every `STREAM_POLL_INTERVAL_S` and tells the bell (`observe_taken`). A number the bell knows was taken
but does not hold sends the streams to the database, so idle streams cost nothing each: only the watcher's
one statement per interval, whatever their number."""

import asyncio
import bisect
import contextlib
from collections import deque

from services.notifications.storage.inbox import NumberedEntries

# Entries kept for streams that are behind; one further behind reads from the database.
KEPT_ENTRIES = 2_000


class Bell:
    def __init__(self, kept_entries: int = KEPT_ENTRIES) -> None:
        self._rung = asyncio.Event()
        self._recent: deque[NumberedEntries] = deque()
        self._kept = 0
        self._keep = kept_entries
        # The highest entry number known to be committed, by this process's rings or the watcher's look.
        self._taken = 0

    def ring(self, committed: NumberedEntries) -> None:
        # Kept in number order: two commits of this process may ring the other way round.
        bisect.insort(self._recent, committed, key=lambda kept: kept.first)
        self._kept += len(committed.entries)
        while self._kept > self._keep and len(self._recent) > 1:
            self._kept -= len(self._recent.popleft().entries)
        self._taken = max(self._taken, committed.last)
        self.wake()

    def observe_taken(self, taken: int) -> None:
        """The watcher saw entries numbered up to `taken` committed: if that is news, streams look again,
        and those whose entries the bell does not hold read them from the database."""
        if taken > self._taken:
            self._taken = taken
            self.wake()

    def wake(self) -> None:
        """Every waiting stream looks again (one asked to end sees it)."""
        self._rung.set()
        self._rung = asyncio.Event()

    def after(self, known: int) -> list[NumberedEntries] | None:
        """What this process committed after number `known`, in number order, if it holds every number
        from there on; None if it misses one, which only the database has. Numbers up to `known` may
        come along, in a transaction that straddles it."""
        newer: list[NumberedEntries] = []
        for committed in reversed(self._recent):
            if committed.last <= known:
                break
            newer.append(committed)
        newer.reverse()
        expected = known + 1
        for committed in newer:
            if committed.first > expected:
                return None
            expected = committed.last + 1
        if expected <= self._taken:
            return None  # numbers up to `_taken` were committed, by another process, past what it holds
        return newer

    def ticket(self) -> asyncio.Event:
        """Taken before a stream looks: set by the next ring after it, so a ring that comes between the
        look and the wait is not missed."""
        return self._rung

    async def wait(self, ticket: asyncio.Event, timeout_s: float) -> bool:
        """Until the bell rings after `ticket` was taken (True), or `timeout_s` has passed (False)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                await ticket.wait()
        return ticket.is_set()
