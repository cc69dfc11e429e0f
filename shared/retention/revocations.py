"""The sweep of the token revocations every service keeps (shared/auth/revocations.py)."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from shared.auth.revocations import TokenRevocation
from shared.auth.tokens import CLOCK_LEEWAY_S
from shared.retention.job import Sweep, batch_of
from shared.settings import Settings

_REVOCATIONS = SQLModel.metadata.tables[TokenRevocation.__tablename__]


async def forget_old_revocations(connection: AsyncConnection, cutoff: datetime, limit: int) -> dict[str, int]:
    chosen = batch_of(_REVOCATIONS.c.client_id, where=[_REVOCATIONS.c.revoked_at < cutoff], limit=limit)
    result = await connection.execute(sa.delete(_REVOCATIONS).where(_REVOCATIONS.c.client_id.in_(chosen)))
    return {"token_revocations": result.rowcount}


def revocation_kept_s(settings: Settings) -> float:
    return settings.access_token_lifetime_s + CLOCK_LEEWAY_S


def revocation_sweep(settings: Settings) -> Sweep:
    """Kept until the last token of the revoked client has expired (its lifetime and the clock leeway):
    a revoked client gets no new one, so an older revocation refuses nothing."""
    kept = timedelta(seconds=revocation_kept_s(settings))
    return Sweep("token_revocations", kept, forget_old_revocations)
