"""A unit of work: one transaction holding a use case's state changes and the events they cause."""

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Protocol, Self

from sqlmodel.ext.asyncio.session import AsyncSession

from shared.audit import TRAIL_KEY, Actor, Trail
from shared.db import SessionFactory
from shared.events.envelope import CloudEvent, EventPayload, make_event
from shared.messaging.outbox import outbox_row, write_outbox

# Set once a unit of work of the running task begins to commit: from then on, what the task did may have
# been saved, so a request that fails afterwards is not run again (shared/http/reconnect.py).
COMMIT_BEGUN: ContextVar[bool] = ContextVar("commit_begun", default=False)


class RequestCommit(Protocol):
    """What the request being answered has its creating unit of work do as it commits."""

    def concerns(self, sessions: SessionFactory) -> bool: ...

    async def on_commit(self, session: AsyncSession) -> None: ...


# Set while a creating request with an Idempotency-Key runs (shared/http/idempotency.py): its unit of work
# marks the key committed in the very transaction of the creation, so that no crash can separate the two.
REQUEST_COMMIT: ContextVar[RequestCommit | None] = ContextVar("request_commit", default=None)


class UnitOfWork:
    """Rolls back unless committed; events recorded in it reach the outbox, and the audit entries its
    changes of cases owe reach the audit trail (shared/audit.py), in the same transaction.

    `gate`, given on SQLite, lets one unit of work of this process write at a time. SQLite has one writer
    anyway, and a second one waiting in its busy handler sleeps in growing steps, so under load writers
    queued there took up to a second; queued on the gate, each starts the moment the last one ends."""

    session: AsyncSession

    def __init__(
        self,
        sessions: SessionFactory,
        source: str,
        on_events: Callable[[list[dict[str, Any]]], None] | None,
        gate: asyncio.Lock | None = None,
    ) -> None:
        self._sessions = sessions
        self._source = source
        self._on_events = on_events
        self._gate = gate
        self._outbox: list[dict[str, Any]] = []
        self._before_commit: list[Callable[[], Awaitable[None]]] = []
        self._after_commit: list[Callable[[], None]] = []
        self._committed = False
        self._aside = False
        self._trail = Trail(None)

    def aside(self) -> Self:
        """A unit of work beside the request's own effect (counting it against a rate limit): its commit
        does not settle the request's idempotency key."""
        self._aside = True
        return self

    def acting_as(self, actor: Actor) -> Self:
        """Who the audit entries of this unit of work name: the caller, or a system job's name."""
        self._trail.actor = actor
        return self

    def audit(self, case: Any, action: str, **details: Any) -> None:
        """Names what happened to `case` where its state alone does not say it ("submitted", "decided"),
        with details worth keeping; for an act that changed no state ("assessed"), adds its entry."""
        self._trail.name(case, action, details)

    def note(self, entity: str, entity_id: str, action: str, **details: Any) -> None:
        """An audit entry on something that is not a case table (a provider, an area, a webhook)."""
        self._trail.note(entity, entity_id, action, details)

    async def __aenter__(self) -> Self:
        if self._gate is not None:
            await self._gate.acquire()
        self.session = self._sessions()
        self._trail.clear()
        self.session.sync_session.info[TRAIL_KEY] = self._trail
        self._outbox = []
        self._before_commit = []
        self._after_commit = []
        self._committed = False
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                if exc_type is None:
                    # A unit of work that only read: its rows leave with the values they were read with,
                    # instead of being expired by the rollback and unreadable once the session is closed.
                    self.session.expunge_all()
                await self.session.rollback()
        finally:
            try:
                await self.session.close()
            finally:
                if self._gate is not None:
                    self._gate.release()

    def publish(self, payload: EventPayload) -> CloudEvent:
        event = make_event(payload, source=self._source)
        self._outbox.append(outbox_row(event))
        return event

    async def commit(self) -> None:
        COMMIT_BEGUN.set(True)
        written = self._outbox
        # Flushed first, the ORM's changes reach the database before the rows written beside the ORM
        # and the events that announce them, and the cases they create are known to the trail.
        await self.session.flush()
        for write in self._before_commit:
            await write()
        self._before_commit = []
        await self._trail.write(self.session)
        request_commit = REQUEST_COMMIT.get()
        if request_commit is not None and not self._aside and request_commit.concerns(self._sessions):
            await request_commit.on_commit(self.session)
        if written:
            await write_outbox(self.session, written)
            self._outbox = []
        await self.session.commit()
        self._committed = True
        if written and self._on_events is not None:
            self._on_events(written)
        for callback in self._after_commit:
            callback()

    def before_commit(self, write: Callable[[], Awaitable[None]]) -> None:
        """`write` is awaited in the transaction as it commits, after the ORM's changes are flushed: for rows
        gathered during the unit of work and inserted together, beside the ORM. Once, however often given."""
        if write not in self._before_commit:
            self._before_commit.append(write)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """`callback` is called once this unit of work has committed (never if it rolls back); once, however
        often it is given."""
        if callback not in self._after_commit:
            self._after_commit.append(callback)


UnitOfWorkFactory = Callable[[], UnitOfWork]
