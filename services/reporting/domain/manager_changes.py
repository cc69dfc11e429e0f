"""A change of the person in charge: reported by the provider for approval, decided by staff."""

from datetime import date
from enum import StrEnum

from shared.errors import Conflict


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ChangeOutcome(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


def is_late(starts_on: date, reported_on: date) -> bool:
    """Reported after the new person started: the condition says the change is reported for approval,
    so a late report is flagged to staff, who may warn."""
    return reported_on > starts_on


def ensure_pending(status: ChangeStatus) -> None:
    if status is not ChangeStatus.PENDING:
        raise Conflict(f"The manager change is already {status.value}.", current_status=status.value)
