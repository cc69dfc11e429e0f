"""The sweep of the token revocations every service keeps (shared/auth/revocations.py)."""

from datetime import timedelta

from sqlmodel import SQLModel

from shared.auth.revocations import TokenRevocation
from shared.auth.tokens import CLOCK_LEEWAY_S
from shared.retention.job import Sweep, deleting_older
from shared.settings import Settings

_REVOCATIONS = SQLModel.metadata.tables[TokenRevocation.__tablename__]


forget_old_revocations = deleting_older(
    "token_revocations", _REVOCATIONS, _REVOCATIONS.c.revoked_at, _REVOCATIONS.c.client_id
)


def revocation_kept_s(settings: Settings) -> float:
    return settings.access_token_lifetime_s + CLOCK_LEEWAY_S


def revocation_sweep(settings: Settings) -> Sweep:
    """Kept until the last token of the revoked client has expired (its lifetime and the clock leeway):
    a revoked client gets no new one, so an older revocation refuses nothing."""
    kept = timedelta(seconds=revocation_kept_s(settings))
    return Sweep("token_revocations", kept, forget_old_revocations)
