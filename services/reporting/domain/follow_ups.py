"""Follow-up requests: staff ask questions by a due date, the provider answers."""

from datetime import date
from enum import StrEnum

from shared.errors import Conflict


class FollowUpStatus(StrEnum):
    OPEN = "open"
    RESPONDED = "responded"


def ensure_open(status: FollowUpStatus) -> None:
    if status is not FollowUpStatus.OPEN:
        raise Conflict("The follow-up request is already answered.", current_status=status.value)


def is_overdue(due_date: date, today: date) -> bool:
    """Overdue from the day after the due date (Europe/Stockholm)."""
    return today > due_date
