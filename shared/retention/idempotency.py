"""The sweep of the idempotency keys every service's database holds (shared/idempotency): a key older than
IDEMPOTENCY_KEY_TTL_H is forgotten, whatever its state; a claim outlives its lease by far by then."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from shared.idempotency.table import IdempotencyKey
from shared.retention.job import Sweep, batch_of
from shared.settings import Settings

_KEYS = SQLModel.metadata.tables[IdempotencyKey.__tablename__]


async def forget_old_keys(connection: AsyncConnection, cutoff: datetime, limit: int) -> dict[str, int]:
    key = (_KEYS.c.scope, _KEYS.c.key)
    chosen = batch_of(*key, where=[_KEYS.c.created_at < cutoff], limit=limit)
    result = await connection.execute(sa.delete(_KEYS).where(sa.tuple_(*key).in_(chosen)))
    return {"idempotency_keys": result.rowcount}


def idempotency_key_sweeps(settings: Settings) -> list[Sweep]:
    return [Sweep("idempotency_keys", timedelta(hours=settings.idempotency_key_ttl_h), forget_old_keys)]
