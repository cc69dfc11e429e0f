"""The application life cycle: which state may follow which, checked before every change."""

from enum import StrEnum

from shared.errors import Conflict


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


ALLOWED_TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    ApplicationStatus.DRAFT: frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.SUBMITTED: frozenset({ApplicationStatus.IN_REVIEW, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.IN_REVIEW: frozenset(
        {
            ApplicationStatus.SUPPLEMENT_REQUESTED,
            ApplicationStatus.APPROVED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        }
    ),
    ApplicationStatus.SUPPLEMENT_REQUESTED: frozenset(
        {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.APPROVED: frozenset(),
    ApplicationStatus.REJECTED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}

# An application in one of these is "open": a provider has at most one open per area.
OPEN_STATUSES = frozenset(status for status, targets in ALLOWED_TRANSITIONS.items() if targets)

# The provider may change answers, person in charge and attachments only while it holds the pen.
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.SUPPLEMENT_REQUESTED})

# Staff act on an application under review; a freshly submitted one enters review with their first act.
REVIEWABLE_STATUSES = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW})


def ensure_transition(current: ApplicationStatus, target: ApplicationStatus) -> None:
    if target not in ALLOWED_TRANSITIONS[current]:
        raise Conflict(
            f"An application that is {current.value} cannot become {target.value}.",
            current_status=current.value,
        )


def ensure_editable(current: ApplicationStatus) -> None:
    if current not in EDITABLE_STATUSES:
        raise Conflict(
            f"An application that is {current.value} cannot be changed; "
            "only a draft or one with a supplement requested can.",
            current_status=current.value,
        )


def ensure_reviewable(current: ApplicationStatus) -> None:
    if current not in REVIEWABLE_STATUSES:
        raise Conflict(
            f"An application that is {current.value} is not under review.", current_status=current.value
        )
