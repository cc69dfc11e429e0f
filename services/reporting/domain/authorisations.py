"""This service's copy of authorisations, kept from `authorisation.*` events, and what it allows."""

from datetime import datetime
from enum import StrEnum

from shared.clock import stockholm_date
from shared.errors import Conflict


class CopyStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


def is_newer(revision: int, held: int) -> bool:
    """Events may arrive twice or out of order; only a higher revision than the copy holds changes it."""
    return revision > held


def ensure_reportable(status: CopyStatus, revoked_at: datetime | None) -> None:
    if status is CopyStatus.REVOKED:
        when = f" on {stockholm_date(revoked_at).isoformat()}" if revoked_at else ""
        raise Conflict(
            f"The authorisation was revoked{when}; reports are made only for active authorisations.",
            current_status=status.value,
        )
