"""What staff must handle: which events make a work item (one open per subject and kind), which update
it, which close it, and which are urgent. No I/O."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from shared.statutory_time import add_working_days


class WorkItemStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"


class WorkItemKind(StrEnum):
    REVIEW_APPLICATION = "review_application"
    APPROVE_MANAGER_CHANGE = "approve_manager_change"
    NOTE_MANAGER_ABSENCE = "note_manager_absence"
    HANDLE_DEVIATION = "handle_deviation"
    REVIEW_FOLLOW_UP_RESPONSE = "review_follow_up_response"
    CHASE_FOLLOW_UP = "chase_follow_up"
    REVIEW_QUALITY_REPORT = "review_quality_report"
    CHASE_QUALITY_REPORT = "chase_quality_report"
    ESCALATE_WARNING = "escalate_warning"


# The "W" events: each makes the item of its kind for its subject, or updates the open one.
MAKES_WORK: dict[str, WorkItemKind] = {
    "application.submitted": WorkItemKind.REVIEW_APPLICATION,
    "application.supplemented": WorkItemKind.REVIEW_APPLICATION,
    "manager_change.reported": WorkItemKind.APPROVE_MANAGER_CHANGE,
    "manager_absence.reported": WorkItemKind.NOTE_MANAGER_ABSENCE,
    "deviation.reported": WorkItemKind.HANDLE_DEVIATION,
    "follow_up.responded": WorkItemKind.REVIEW_FOLLOW_UP_RESPONSE,
    "follow_up.overdue": WorkItemKind.CHASE_FOLLOW_UP,
    "quality_report.submitted": WorkItemKind.REVIEW_QUALITY_REPORT,
    "quality_report.overdue": WorkItemKind.CHASE_QUALITY_REPORT,
    # A warning's deadline passed without an accepted answer: a second warning or a revocation is due.
    "authorisation.warning_deadline_passed": WorkItemKind.ESCALATE_WARNING,
}

# Events that end open work on their subject: nothing is left for staff to find that needs no handling.
CLOSES_WORK: dict[str, WorkItemKind] = {
    "application.withdrawn": WorkItemKind.REVIEW_APPLICATION,
    "manager_change.approved": WorkItemKind.APPROVE_MANAGER_CHANGE,
    "manager_change.rejected": WorkItemKind.APPROVE_MANAGER_CHANGE,
    "deviation.closed": WorkItemKind.HANDLE_DEVIATION,
    "follow_up.responded": WorkItemKind.CHASE_FOLLOW_UP,
    "quality_report.submitted": WorkItemKind.CHASE_QUALITY_REPORT,
    "quality_report.accepted": WorkItemKind.REVIEW_QUALITY_REPORT,
    "quality_report.completion_requested": WorkItemKind.REVIEW_QUALITY_REPORT,
    "follow_up.accepted": WorkItemKind.REVIEW_FOLLOW_UP_RESPONSE,
    "follow_up.rejected": WorkItemKind.REVIEW_FOLLOW_UP_RESPONSE,
    # The escalation is done once the warning is remedied after all, or staff warned again or revoked.
    "authorisation.warning_remedied": WorkItemKind.ESCALATE_WARNING,
    "authorisation.warning_issued": WorkItemKind.ESCALATE_WARNING,
    "authorisation.revoked": WorkItemKind.ESCALATE_WARNING,
}


def is_urgent(event_type: str, data: dict[str, Any]) -> bool:
    """A serious deviation, and a warning whose deadline passed, go to the top of the queue."""
    if event_type == "authorisation.warning_deadline_passed":
        return True
    return event_type == "deviation.reported" and data.get("severity") == "serious"


def is_late(event_type: str, data: dict[str, Any]) -> bool:
    """A change of the person in charge reported after it took effect (the reporting service decides)."""
    return event_type == "manager_change.reported" and bool(data.get("late"))


# Working days staff have for an item of each kind, counted from the day it arrives (Europe/Stockholm).
# No law sets how long the municipality may take over these internal steps, so these are the service's own
# targets; WORK_ITEM_DUE_DAYS changes any of them and WORK_ITEM_DEFAULT_DUE_DAYS covers a kind left out.
DUE_WORKING_DAYS: dict[WorkItemKind, int] = {
    WorkItemKind.REVIEW_APPLICATION: 10,
    WorkItemKind.APPROVE_MANAGER_CHANGE: 5,
    WorkItemKind.NOTE_MANAGER_ABSENCE: 5,
    WorkItemKind.HANDLE_DEVIATION: 3,
    WorkItemKind.REVIEW_FOLLOW_UP_RESPONSE: 10,
    WorkItemKind.CHASE_FOLLOW_UP: 5,
    WorkItemKind.REVIEW_QUALITY_REPORT: 20,
    WorkItemKind.CHASE_QUALITY_REPORT: 5,
}
DEFAULT_DUE_WORKING_DAYS = 10


@dataclass(frozen=True)
class DueDays:
    """How many working days each kind of item has: the settings' choices over the defaults above."""

    chosen: Mapping[str, int]
    default: int = DEFAULT_DUE_WORKING_DAYS

    def of(self, kind: WorkItemKind) -> int:
        return self.chosen.get(kind.value) or DUE_WORKING_DAYS.get(kind) or self.default

    def due_on(self, kind: WorkItemKind, arrived_on: date) -> date:
        """The last day to handle an item that arrived on `arrived_on`: that many working days later (the day
        it arrives is not counted, as lag (1930:173) counts days); a working day, so never moved."""
        return add_working_days(arrived_on, self.of(kind))


def unknown_kinds(chosen: Mapping[str, int]) -> list[str]:
    """Kinds named in WORK_ITEM_DUE_DAYS that are no kind of work item: a mistake to refuse at start."""
    return sorted(set(chosen) - {kind.value for kind in WorkItemKind})


def is_overdue(status: WorkItemStatus, due_on: date, today: date) -> bool:
    """An item not done by the end of its due date is overdue (and escalated once) from the next day on."""
    return status is not WorkItemStatus.DONE and due_on < today


def queue_position(
    urgent: bool, overdue: bool, due_on: date, created_at: datetime, item_id: str
) -> tuple[bool, bool, date, datetime, str]:
    """The queue's order, as a key that sorts ascending: urgent first, then overdue ones, then by due date,
    then the longest waiting; the id makes it total. The listing orders by the same columns in SQL
    (storage.work_items.QUEUE_ORDER), and its cursor carries these five values."""
    return (not urgent, not overdue, due_on, created_at, item_id)


def may_take(status: WorkItemStatus, claimed_by: str | None, staff: str) -> bool:
    """Whether `staff` may claim or complete an item: it is open, or they hold it."""
    return status is WorkItemStatus.OPEN or (status is WorkItemStatus.CLAIMED and claimed_by == staff)
