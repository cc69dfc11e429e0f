"""The API's values as people read them: each label a message id, translated where it is shown."""

from services.portal.cases import case_page as page_of_case
from services.portal.i18n import N_

APPLICATION_STATUS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "in_review": N_("In review"),
    "supplement_requested": N_("Supplement requested"),
    "approved": N_("Granted"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}

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

AUTHORISATION_STATUS = {
    "active": N_("Active"),
    "revoked": N_("Revoked"),
}

CONTROL_POINTS = {
    "authorisation": N_("In the application"),
    "follow_up": N_("At follow-up"),
    "self_report": N_("By self-report"),
}

SANCTIONS = {
    "warning": N_("Warning"),
    "revocation": N_("Revocation"),
}

EDUCATION_LEVELS = {
    "university": N_("University"),
    "higher_vocational": N_("Higher vocational education (YH)"),
    "upper_secondary": N_("Upper secondary school"),
    "other": N_("Other"),
}

CARE_FIELDS = {
    "elderly_care": N_("Elderly care"),
    "disability_care": N_("Disability care"),
    "other": N_("Other"),
}

SWEDISH_LEVELS = {
    "native": N_("Native"),
    "fluent": N_("Fluent"),
    "basic": N_("Basic"),
    "none": N_("None"),
}

DECISION_OUTCOMES = {
    "approved": N_("Granted"),
    "rejected": N_("Rejected"),
}


def case_page(subject: str | None) -> str | None:
    """The portal page of an API subject (an inbox entry's), or None when the portal shows no page of it."""
    return page_of_case(subject, staff=False) if subject else None
