"""What a live inbox stream sends next. Entries this process commits come with the bell
(services/notifications/bell.py); the database is read at the start of a resumed stream, and when the bell
misses a number, which is how entries of other processes arrive (the bell learns of them from the
process's one watcher). A stream that hears nothing for `QUIET_READ_S` reads once anyway, so that a lost
wake-up costs a delay, never an entry."""

from dataclasses import dataclass

from services.notifications.bell import Bell
from services.notifications.schemas import InboxEntryOut
from services.notifications.storage import inbox
from shared.service import ServiceRuntime

# Entries read from the database at once.
PAGE = 100
QUIET_READ_S = 60.0


@dataclass
class LiveInbox:
    runtime: ServiceRuntime
    bell: Bell
    recipient: str
    quiet_read_s: float
    # Every entry of the recipient numbered up to `known` has been sent, or was there before the stream.
    known: int
    # The number of the last entry sent.
    sent: int
    must_read: bool

    @classmethod
    async def open(
        cls,
        runtime: ServiceRuntime,
        bell: Bell,
        recipient: str,
        resume_after: int | None,
        quiet_read_s: float,
    ) -> "LiveInbox":
        """From now on, or, when resumed, after the number a client last had."""
        async with runtime.reads() as session:
            taken = await inbox.numbers_taken(session)
        sent = taken if resume_after is None else min(resume_after, taken)
        return cls(runtime, bell, recipient, quiet_read_s, taken, sent, resume_after is not None)

    async def next(self, max_wait_s: float | None = None) -> list[tuple[int, InboxEntryOut]]:
        """The entries to send now, with their numbers; if there are none, waits for the bell or the poll
        once (at most `max_wait_s`) and answers nothing, so that the caller can see whether its client is
        still there and its token still valid."""
        ticket = self.bell.ticket()
        carried = None if self.must_read else self.bell.after(self.known)
        if carried is None:
            found = await self._read()
        else:
            found = [
                (entry["seq"], InboxEntryOut.model_validate(entry))
                for committed in carried
                for entry in committed.entries
                if entry["recipient"] == self.recipient and entry["seq"] > self.sent
            ]
            if carried:
                self.known = max(self.known, carried[-1].last)
        if found:
            self.sent = found[-1][0]
        elif not self.must_read:
            wait_s = self.quiet_read_s if max_wait_s is None else min(self.quiet_read_s, max_wait_s)
            self.must_read = not await self.bell.wait(ticket, max(wait_s, 0))
        return found

    async def _read(self) -> list[tuple[int, InboxEntryOut]]:
        async with self.runtime.reads() as session:
            # Taken first: every entry numbered up to it is committed, so the read after it sees them.
            taken = await inbox.numbers_taken(session)
            read = await inbox.inbox_after(session, self.recipient, self.sent, PAGE)
        found = [
            (entry.seq or 0, InboxEntryOut.model_validate(entry, from_attributes=True)) for entry in read
        ]
        # A full page may have more after it, to be read next.
        self.must_read = len(read) == PAGE
        numbers = [seq for seq, _ in found]
        self.known = max(self.known, *numbers) if self.must_read else max(self.known, taken, *numbers)
        return found
