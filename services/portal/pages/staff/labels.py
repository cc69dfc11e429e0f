"""The API's values as people read them: each kept here in English for the catalogue, translated where
shown."""

from services.portal.i18n import N_

WORK_ITEM_KINDS = {
    "review_application": N_("Review an application"),
    "approve_manager_change": N_("Approve a change of person in charge"),
    "note_manager_absence": N_("Note an absence of the person in charge"),
    "handle_deviation": N_("Handle a deviation"),
    "review_follow_up_response": N_("Review a follow-up response"),
    "chase_follow_up": N_("Chase an overdue follow-up"),
    "review_quality_report": N_("Review a quality report"),
    "chase_quality_report": N_("Chase an overdue quality report"),
}

WORK_ITEM_STATUSES = {"open": N_("Open"), "claimed": N_("Claimed"), "done": N_("Done")}

APPLICATION_STATUSES = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "in_review": N_("In review"),
    "supplement_requested": N_("Supplement requested"),
    "approved": N_("Granted"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}

AUTHORISATION_STATUSES = {"active": N_("Active"), "revoked": N_("Revoked")}

OUTCOMES = {"approved": N_("Grant"), "rejected": N_("Reject")}

LETTER_KINDS = {
    "application_approved": N_("Decision: application approved"),
    "application_rejected": N_("Decision: application rejected"),
    "authorisation_revoked": N_("Decision: authorisation revoked"),
}

# The competence pre-check's requirements and outcomes (shared/competence.py).
REQUIREMENTS = {
    "education": N_("Education"),
    "practice": N_("Practical experience"),
    "supervision": N_("Experience as a supervisor"),
    "swedish": N_("Swedish"),
    "uhr_validation": N_("Validation of education from abroad (UHR)"),
}

PRECHECK_OUTCOMES = {
    "met": N_("Met"),
    "not_met": N_("Not met"),
    "needs_manual_review": N_("Needs a manual look"),
}

CONTROL_POINTS = {
    "authorisation": N_("At authorisation"),
    "follow_up": N_("At follow-up"),
    "self_report": N_("In the provider's own report"),
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

# The person in charge's facts (shared/competence.py).
EDUCATION_LEVELS = {
    "university": N_("University"),
    "higher_vocational": N_("Higher vocational education (YH)"),
    "upper_secondary": N_("Upper secondary school"),
    "other": N_("Other education"),
}

CARE_FIELDS = {
    "elderly_care": N_("Care of older people"),
    "disability_care": N_("Care of people with disabilities"),
    "other": N_("Other field"),
}

SWEDISH_LEVELS = {
    "native": N_("Native speaker"),
    "fluent": N_("Fluent"),
    "basic": N_("Basic"),
    "none": N_("None at all"),
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
