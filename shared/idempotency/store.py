"""A service's idempotency keys in its own database, shared by its replicas.

A request claims its key in a short transaction of its own, for a lease; the unit of work that makes its
creation marks the key committed in the same transaction (shared/unit_of_work.py), so that the creation and
the mark are saved together or not at all; the answer is stored afterwards. A request that crashed before
committing leaves a claim whose lease runs out, and the next request with the key takes it over; one that
crashed after committing leaves the key committed, and the next is told the creation was made rather than
making it again. Every change a request makes to the row is conditional on its claim, so a request whose
lease was taken over cannot commit as well."""

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.db import SessionFactory, insert_ignoring_conflicts
from shared.errors import Conflict
from shared.idempotency.table import IdempotencyKey, KeyState
from shared.logging import get_logger

log = get_logger(__name__)
_TABLE = SQLModel.metadata.tables[IdempotencyKey.__tablename__]


@dataclass(frozen=True)
class Claim:
    scope: str
    key: str
    fingerprint: str
    # Chosen once per request, so that the request run again after a lost connection holds its own claim.
    token: str

    @staticmethod
    def new_token() -> str:
        return secrets.token_hex(16)

    def matching(self) -> tuple[sa.ColumnElement[bool], ...]:
        return (_TABLE.c.scope == self.scope, _TABLE.c.key == self.key, _TABLE.c.claim == self.token)


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


class KeyStore:
    def __init__(self, writes: SessionFactory, gate: asyncio.Lock | None, lease: timedelta) -> None:
        self.writes = writes
        self._gate = gate
        self._lease = lease

    async def claim(self, claim: Claim, now: datetime) -> IdempotencyKey | None:
        """None when `claim` now holds the key; otherwise the row of the request that holds or held it."""
        async with self._writing() as session:
            insert = insert_ignoring_conflicts(session, _TABLE, _TABLE.c.key).values(
                scope=claim.scope,
                key=claim.key,
                fingerprint=claim.fingerprint,
                claim=claim.token,
                state=KeyState.CLAIMED,
                claimed_until=now + self._lease,
                created_at=now,
            )
            if (await session.exec(insert)).first() is not None:
                await session.commit()
                return None
            # A claim whose lease ran out belongs to a request that crashed or hangs: taken over, and that
            # request, should it still commit, finds the key no longer its own.
            takeover = (
                sa.update(_TABLE)
                .where(
                    _TABLE.c.scope == claim.scope,
                    _TABLE.c.key == claim.key,
                    _TABLE.c.fingerprint == claim.fingerprint,
                    _TABLE.c.state == KeyState.CLAIMED,
                    sa.or_(_TABLE.c.claim == claim.token, _TABLE.c.claimed_until < now),
                )
                .values(claim=claim.token, claimed_until=now + self._lease)
            )
            if _count(await session.exec(takeover)):
                await session.commit()
                return None
            found = select(IdempotencyKey).where(
                IdempotencyKey.scope == claim.scope, IdempotencyKey.key == claim.key
            )
            row = (await session.exec(found)).one()
            await session.commit()
            return row

    async def answer(self, claim: Claim, answer: StoredAnswer) -> None:
        """Keeps the answer of the request holding `claim` for its retries. The creation is saved by now:
        should this fail, the client still gets its answer, and a retry is told the answer was lost."""
        try:
            async with self._writing() as session:
                await session.exec(
                    sa.update(_TABLE)
                    .where(*claim.matching())
                    .values(
                        state=KeyState.ANSWERED,
                        status=answer.status,
                        headers=orjson.dumps(answer.headers).decode(),
                        body=answer.body,
                    )
                )
                await session.commit()
        except Exception:
            log.warning("idempotency_answer_not_kept", exc_info=True)

    async def release(self, claim: Claim) -> None:
        """Frees the key of a request that created nothing, for the client to send again. A key whose
        creation committed stays taken (the condition on its state), whatever happened after."""
        try:
            async with self._writing() as session:
                await session.exec(
                    sa.delete(_TABLE).where(*claim.matching(), _TABLE.c.state == KeyState.CLAIMED)
                )
                await session.commit()
        except Exception:
            # The database may be what failed the request; the claim's lease frees the key instead.
            log.warning("idempotency_key_not_released", exc_info=True)

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        async with contextlib.AsyncExitStack() as stack:
            if self._gate is not None:
                await stack.enter_async_context(self._gate)
            yield await stack.enter_async_context(self.writes())


class KeyTakenOver(Conflict):
    """The request's lease ran out and another request with its key took the key over."""


@dataclass(frozen=True)
class CommitMark:
    """Given to the unit of work of the request holding `claim` (shared/unit_of_work.py REQUEST_COMMIT): marks
    the key committed in the transaction that commits the creation, or refuses the commit."""

    store: KeyStore
    claim: Claim

    def concerns(self, sessions: SessionFactory) -> bool:
        # In a process that runs every service, only a unit of work of the route's own database.
        return sessions is self.store.writes

    async def on_commit(self, session: AsyncSession) -> None:
        mark = (
            sa.update(_TABLE)
            .where(*self.claim.matching(), _TABLE.c.state.in_((KeyState.CLAIMED, KeyState.COMMITTED)))
            .values(state=KeyState.COMMITTED)
        )
        if not _count(await session.exec(mark)):
            raise KeyTakenOver(
                "Another request with this Idempotency-Key took over while this one ran too long; "
                "nothing was changed by this one."
            )


def _count(result: Any) -> int:
    return int(result.rowcount)
