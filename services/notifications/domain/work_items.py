"""What staff must handle: which events make a work item (one open per subject and kind), which update
it, which close it, and which are urgent. No I/O."""

from enum import StrEnum
from typing import Any


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


def may_take(status: WorkItemStatus, claimed_by: str | None, staff: str) -> bool:
    """Whether `staff` may claim or complete an item: it is open, or they hold it."""
    return status is WorkItemStatus.OPEN or (status is WorkItemStatus.CLAIMED and claimed_by == staff)
