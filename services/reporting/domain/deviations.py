"""Serious complaints, errors, deficiencies and deviations: reported by the provider, acknowledged and
closed by staff."""

from datetime import datetime
from enum import StrEnum

from shared.errors import Conflict, InvalidInput


class Category(StrEnum):
    COMPLAINT = "complaint"
    ERROR = "error"
    DEFICIENCY = "deficiency"
    DEVIATION = "deviation"


class Severity(StrEnum):
    MINOR = "minor"
    MODERATE = "moderate"
    SERIOUS = "serious"


class DeviationStatus(StrEnum):
    REPORTED = "reported"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


NEXT = {
    DeviationStatus.REPORTED: DeviationStatus.ACKNOWLEDGED,
    DeviationStatus.ACKNOWLEDGED: DeviationStatus.CLOSED,
}


def ensure_next(current: DeviationStatus, target: DeviationStatus) -> None:
    if NEXT.get(current) is not target:
        raise Conflict(
            f"A deviation that is {current.value} cannot become {target.value}.", current_status=current.value
        )


def ensure_times(occurred_at: datetime, discovered_at: datetime, now: datetime) -> None:
    errors = []
    if discovered_at < occurred_at:
        errors.append({"location": "discovered_at", "message": "before occurred_at", "type": "order"})
    if occurred_at > now or discovered_at > now:
        errors.append({"location": "discovered_at", "message": "in the future", "type": "future"})
    if errors:
        raise InvalidInput(
            "A deviation is discovered after it occurred, and neither lies ahead.", errors=errors
        )
