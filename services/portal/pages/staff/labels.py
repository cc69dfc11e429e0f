"""The API's values as people read them: each kept here in English for the catalogue, translated where
shown."""

from services.portal.i18n import N_
from services.portal.labels import (
    APPLICATION_STATUSES,
    AUTHORISATION_STATUSES,
    CARE_FIELDS,
    CONTROL_POINTS,
    EDUCATION_LEVELS,
    PRECHECK_OUTCOMES,
    REQUIREMENTS,
    SWEDISH_LEVELS,
)

WORK_ITEM_KINDS = {
    "review_application": N_("Review an application"),
    "approve_manager_change": N_("Approve a change of person in charge"),
    "note_manager_absence": N_("Note an absence of the person in charge"),
    "handle_deviation": N_("Handle a deviation"),
    "review_follow_up_response": N_("Review a follow-up response"),
    "chase_follow_up": N_("Chase an overdue follow-up"),
    "review_quality_report": N_("Review a quality report"),
    "chase_quality_report": N_("Chase an overdue quality report"),
    "escalate_warning": N_("A warning's deadline passed: a second warning or revocation"),
}

WORK_ITEM_STATUSES = {"open": N_("Open"), "claimed": N_("Claimed"), "done": N_("Done")}


OUTCOMES = {"approved": N_("Grant"), "rejected": N_("Reject")}

LETTER_KINDS = {
    "application_approved": N_("Decision: application approved"),
    "application_rejected": N_("Decision: application rejected"),
    "authorisation_revoked": N_("Decision: authorisation revoked"),
}


# Tag colours of GOV.UK's tag component, by the meaning of a status.
TAG_COLOURS = {
    "open": "govuk-tag--blue",
    "claimed": "govuk-tag--yellow",
    "done": "govuk-tag--grey",
    "submitted": "govuk-tag--blue",
    "in_review": "govuk-tag--yellow",
    "supplement_requested": "govuk-tag--orange",
    "approved": "govuk-tag--green",
    "rejected": "govuk-tag--red",
    "withdrawn": "govuk-tag--grey",
    "active": "govuk-tag--green",
    "revoked": "govuk-tag--red",
    "met": "govuk-tag--green",
    "not_met": "govuk-tag--red",
    "needs_manual_review": "govuk-tag--yellow",
}


# What a history entry says happened (shared/audit.py): named acts, else the state the case came to.
ACTIONS = {
    "created": N_("Created"),
    "changed": N_("Changed"),
    "deleted": N_("Deleted"),
    "accepted": N_("Accepted"),
    "assessed": N_("Assessed"),
    "attachment_added": N_("Attachment added"),
    "attachment_removed": N_("Attachment removed"),
    "capacity_set": N_("Capacity set"),
    "completed": N_("Completed"),
    "decided": N_("Decided"),
    "document_added": N_("Document added"),
    "granted": N_("Granted"),
    "opened": N_("Opened"),
    "overdue": N_("Overdue"),
    "person_in_charge_changed": N_("Person in charge changed"),
    "reported": N_("Reported"),
    "reports_requested": N_("Reports requested"),
    "requested": N_("Requested"),
    "review_started": N_("Review started"),
    "reviewed": N_("Reviewed"),
    "revoked": N_("Revoked"),
    "saved": N_("Saved"),
    "started": N_("Started"),
    "submitted": N_("Submitted"),
    "supplement_requested": N_("Supplement requested"),
    "warning_issued": N_("Warning issued"),
    "withdrawn": N_("Withdrawn"),
}

# A state in a history entry, of whichever kind of case.
STATES = {**WORK_ITEM_STATUSES, **APPLICATION_STATUSES, **AUTHORISATION_STATUSES}


__all__ = [
    "ACTIONS",
    "APPLICATION_STATUSES",
    "AUTHORISATION_STATUSES",
    "CARE_FIELDS",
    "CONTROL_POINTS",
    "EDUCATION_LEVELS",
    "LETTER_KINDS",
    "OUTCOMES",
    "PRECHECK_OUTCOMES",
    "REQUIREMENTS",
    "STATES",
    "SWEDISH_LEVELS",
    "TAG_COLOURS",
    "WORK_ITEM_KINDS",
    "WORK_ITEM_STATUSES",
]
