"""The sweep of the idempotency keys every service's database holds (shared/idempotency): a key older than
IDEMPOTENCY_KEY_TTL_H is forgotten, whatever its state; a claim outlives its lease by far by then."""

from datetime import timedelta

from sqlmodel import SQLModel

from shared.idempotency.table import IdempotencyKey
from shared.retention.job import Sweep, deleting_older
from shared.settings import Settings

_KEYS = SQLModel.metadata.tables[IdempotencyKey.__tablename__]


forget_old_keys = deleting_older("idempotency_keys", _KEYS, _KEYS.c.created_at, _KEYS.c.scope, _KEYS.c.key)


def idempotency_key_sweeps(settings: Settings) -> list[Sweep]:
    return [Sweep("idempotency_keys", timedelta(hours=settings.idempotency_key_ttl_h), forget_old_keys)]
