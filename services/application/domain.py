"""Rules of provider registration and the application life cycle; no I/O."""

from enum import StrEnum

from shared.errors import Conflict, InvalidInput
from shared.swedish_ids import normalise_organisation_number


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


def ensure_transition(current: ApplicationStatus, target: ApplicationStatus) -> None:
    if target not in ALLOWED_TRANSITIONS[current]:
        raise Conflict(
            f"An application that is {current.value} cannot become {target.value}.",
            current_status=current.value,
        )


def organisation_number(value: str) -> str:
    normalised = normalise_organisation_number(value)
    if normalised is None:
        raise InvalidInput(
            "The organisation number must be 10 digits (NNNNNN-NNNN) with a valid check digit.",
            errors=[
                {
                    "location": "organisation_number",
                    "message": "not a valid Swedish organisation number",
                    "type": "organisation_number",
                }
            ],
        )
    return normalised
