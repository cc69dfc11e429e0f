"""The recently revoked clients one process knows, read from its service's database every
`REVOCATION_REFRESH_S`, so that every replica refuses a revoked client's tokens within that time without
a database read per request.

When the database cannot be read, the list kept is the last one read and the next refresh tries again:
requests are not refused for it (fail-open on the last list). A revocation is itself a database write (the
application service's, or a consumer's from the event), so while a service's database is away the list it
would read is as stale as the one kept, and the event waits in the service's queue until it can be
written; refusing every token instead would only turn an outage into one of every client."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from shared.logging import get_logger

log = get_logger(__name__)

# Answers the clients revoked at or after the given time, with when.
Loader = Callable[[datetime], Awaitable[dict[str, datetime]]]
# Told the id of a client this process learns was revoked.
Listener = Callable[[str], None]


class RevocationList:
    def __init__(self, name: str, load: Loader, refresh_s: float, kept_s: float) -> None:
        """`kept_s`: how long a revocation matters, the longest a token it refuses can live."""
        self.name = name
        self._load = load
        self._refresh_s = refresh_s
        self._kept_s = kept_s
        self._revoked: dict[str, float] = {}
        self._listeners: list[Listener] = []

    def on_revoked(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def refuses(self, client_id: str, issued_at: float) -> bool:
        """Whether a token of `client_id` issued at `issued_at` was revoked: its client was, then or later."""
        revoked_at = self._revoked.get(client_id)
        return revoked_at is not None and revoked_at >= issued_at

    def note(self, client_id: str, revoked_at: datetime) -> None:
        """A revocation learnt without the database (this process made it), or read from it."""
        known = self._revoked.get(client_id)
        if known is not None and known >= revoked_at.timestamp():
            return
        # A later revocation of the same key (a person losing a role again) refuses what was issued since.
        self._revoked[client_id] = revoked_at.timestamp()
        for listener in self._listeners:
            listener(client_id)

    async def refresh(self) -> bool:
        """Reads the recent revocations; answers whether the database could be read."""
        horizon = time.time() - self._kept_s
        try:
            loaded = await self._load(datetime.fromtimestamp(horizon, UTC))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("revocations_unreadable", service=self.name, error=repr(exc))
            return False
        # Revocations are never undone: what was noted stays until it no longer matters, so a read that
        # began before a revocation committed cannot drop one noted since.
        self._revoked = {c: at for c, at in self._revoked.items() if at >= horizon}
        for client_id, revoked_at in loaded.items():
            self.note(client_id, revoked_at)
        return True

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self._refresh_s)
            await self.refresh()
