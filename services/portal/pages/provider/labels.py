"""The API's values as people read them: each label a message id, translated where it is shown."""

from services.portal.cases import case_page as page_of_case
from services.portal.labels import (
    APPLICATION_STATUSES as APPLICATION_STATUS,
)
from services.portal.labels import (
    AUTHORISATION_STATUSES as AUTHORISATION_STATUS,
)
from services.portal.labels import (
    CARE_FIELDS,
    CONTROL_POINTS,
    DECISION_OUTCOMES,
    EDUCATION_LEVELS,
    SANCTIONS,
    SWEDISH_LEVELS,
)

# The GOV.UK tag colour of each status: what needs the provider stands out.
APPLICATION_STATUS_COLOUR = {
    "draft": "grey",
    "submitted": "blue",
    "in_review": "blue",
    "supplement_requested": "orange",
    "approved": "green",
    "rejected": "red",
    "withdrawn": "grey",
}

# An application the provider may still change: a draft, or one the municipality asked more of.
EDITABLE = frozenset({"draft", "supplement_requested"})
# Before a decision the provider may withdraw it.
WITHDRAWABLE = frozenset({"draft", "submitted", "in_review", "supplement_requested"})


def case_page(subject: str | None) -> str | None:
    """The portal page of an API subject (an inbox entry's), or None when the portal shows no page of it."""
    return page_of_case(subject, staff=False) if subject else None


__all__ = [
    "APPLICATION_STATUS",
    "AUTHORISATION_STATUS",
    "CARE_FIELDS",
    "CONTROL_POINTS",
    "DECISION_OUTCOMES",
    "EDITABLE",
    "EDUCATION_LEVELS",
    "SANCTIONS",
    "SWEDISH_LEVELS",
    "WITHDRAWABLE",
    "case_page",
]
