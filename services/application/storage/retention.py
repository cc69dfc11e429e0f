"""The application service's sweeps beside its outbox and consumer inbox (shared/retention): the request
counts of rate-limit windows long past, left by callers that never came back (one who returns drops its
own earlier windows as it is counted); and what people's logins leave once it has expired: logins never
finished, sign-in sessions, authorization codes and refresh tokens."""

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from services.application.storage.login import AuthorizationCode, LoginRequest, RefreshToken, SigninSession
from services.application.storage.rate_limits import RateLimitCount
from shared.retention.job import Sweep, batch_of, deleting_older
from shared.settings import Settings

_COUNTS = SQLModel.metadata.tables[RateLimitCount.__tablename__]
# Longer than any limit's window (an hour), so a window still counting is never removed.
RATE_LIMIT_COUNTS_KEPT = timedelta(days=1)
# Past its end a login's row proves nothing more: a day's grace, then it goes.
EXPIRED_LOGIN_KEPT = timedelta(days=1)


def _expired(table: type[SQLModel], kind: str, *key: str) -> Sweep:
    rows = SQLModel.metadata.tables[str(table.__tablename__)]
    step = deleting_older(kind, rows, rows.c.expires_at, *(rows.c[name] for name in key))
    return Sweep(kind, EXPIRED_LOGIN_KEPT, step)


async def delete_past_rate_limit_counts(
    connection: AsyncConnection, cutoff: datetime, limit: int
) -> dict[str, int]:
    chosen = batch_of(
        _COUNTS.c.key, _COUNTS.c.window_start, where=(_COUNTS.c.window_start < cutoff,), limit=limit
    )
    result = await connection.execute(
        sa.delete(_COUNTS).where(sa.tuple_(_COUNTS.c.key, _COUNTS.c.window_start).in_(chosen))
    )
    return {"rate_limit_counts": result.rowcount}


def application_sweeps(settings: Settings) -> Sequence[Sweep]:
    return [
        Sweep("rate_limit_counts", RATE_LIMIT_COUNTS_KEPT, delete_past_rate_limit_counts),
        _expired(LoginRequest, "login_requests", "state_hash"),
        _expired(SigninSession, "signin_sessions", "id_hash"),
        _expired(AuthorizationCode, "authorization_codes", "code_hash"),
        _expired(RefreshToken, "refresh_tokens", "token_hash"),
    ]
