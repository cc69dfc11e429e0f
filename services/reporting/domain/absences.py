"""A substitute for the person in charge during a longer absence."""

from datetime import date
from enum import StrEnum

from shared.errors import InvalidInput


class AbsenceReason(StrEnum):
    HOLIDAY = "holiday"
    SICK_LEAVE = "sick_leave"
    PARENTAL_LEAVE = "parental_leave"
    OTHER = "other"


def overlaps(start: date, end: date, other_start: date, other_end: date) -> bool:
    """Both periods include their first and last day."""
    return start <= other_end and other_start <= end


def ensure_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            "The absence must end on or after its first day.",
            errors=[{"location": "ends_on", "message": "before starts_on", "type": "period"}],
        )
