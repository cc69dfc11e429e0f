"""Follow-up requests: staff ask questions by a due date, the provider answers, staff accept the answer
(the request is closed) or reject it with reasons, and the provider may answer again while the due date
runs. A request a warning opened follows the warning's remediation deadline: passed without an accepted
answer, it is raised for a second warning or a revocation."""

from datetime import date
from enum import StrEnum

from shared.errors import Conflict

# The question of a request a warning opens. The deficiency itself is read on the authorisation's warning,
# so nothing written into the warning is copied here.
WARNING_QUESTION = (
    "Beskriv hur bristen i varningen har åtgärdats och bifoga underlag. "
    "(Describe how the deficiency cited in the warning has been remedied, and attach documents.)"
)


class FollowUpStatus(StrEnum):
    OPEN = "open"
    RESPONDED = "responded"
    REJECTED = "rejected"
    ACCEPTED = "accepted"


class AnswerVerdict(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def is_overdue(due_date: date, today: date) -> bool:
    """Overdue from the day after the due date (Europe/Stockholm)."""
    return today > due_date


def ensure_answerable(status: FollowUpStatus, due_date: date, today: date) -> None:
    """A first answer may come late (staff chase it); an answer again after a rejection only while the due
    date runs, after which the case is staff's to take further."""
    if status is FollowUpStatus.OPEN:
        return
    if status is FollowUpStatus.REJECTED:
        if is_overdue(due_date, today):
            raise Conflict(
                "The due date has passed: the rejected answer can no longer be answered again.",
                current_status=status.value,
                due_date=due_date.isoformat(),
            )
        return
    raise Conflict("The follow-up request awaits no answer.", current_status=status.value)


def ensure_awaiting_verdict(status: FollowUpStatus) -> None:
    """Only an answer not yet judged is accepted or rejected. An answer given before the due date may still
    be accepted after it: the provider answered in time."""
    if status is not FollowUpStatus.RESPONDED:
        raise Conflict("The follow-up request has no answer awaiting a verdict.", current_status=status.value)


def deadline_check_due(status: FollowUpStatus, due_date: date, today: date, *, tied_to_warning: bool) -> bool:
    """Whether the overdue check raises the request: an unanswered one past its due date; one tied to a
    warning past its deadline in any state but accepted (an answer rejected or not yet judged does not
    remedy the deficiency)."""
    if not is_overdue(due_date, today):
        return False
    if tied_to_warning:
        return status is not FollowUpStatus.ACCEPTED
    return status is FollowUpStatus.OPEN
