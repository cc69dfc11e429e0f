"""The API's values as people read them, where more than one part of the portal shows them: each label is a
message id, kept in English for the catalogue and translated where shown."""

from services.portal.i18n import N_

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
DECISION_OUTCOMES = {"approved": N_("Granted"), "rejected": N_("Rejected")}

# The conditions of an area (GET /areas/{code}/conditions): when each is checked, and what breaking it costs.
CONTROL_POINTS = {
    "authorisation": N_("At authorisation"),
    "follow_up": N_("At follow-up"),
    "self_report": N_("In the provider's own report"),
}
SANCTIONS = {"warning": N_("Warning"), "revocation": N_("Revocation")}

# The person in charge's facts (shared/competence.py).
EDUCATION_LEVELS = {
    "university": N_("University or college"),
    "higher_vocational": N_("Higher vocational education (YH)"),
    "upper_secondary": N_("Upper secondary school"),
    "other": N_("Other"),
}
CARE_FIELDS = {
    "elderly_care": N_("Care of older people"),
    "disability_care": N_("Care of people with disabilities"),
    "other": N_("Other"),
}
SWEDISH_LEVELS = {
    "native": N_("Native"),
    "fluent": N_("Fluent"),
    "basic": N_("Basic"),
    "none": N_("None"),
}

# The competence pre-check (shared/competence.py): its requirements and their outcomes.
REQUIREMENTS = {
    "education": N_("Education in care, two years"),
    "practice": N_("Practical work in care, two years within ten"),
    "supervision": N_("Experience as a supervisor, two years"),
    "swedish": N_("Swedish, spoken and written"),
    "uhr_validation": N_("Education from abroad validated by UHR"),
}
PRECHECK_OUTCOMES = {
    "met": N_("Met"),
    "not_met": N_("Not met"),
    "needs_manual_review": N_("Needs a manual look"),
}
PRECHECK_TAGS = {
    "met": "govuk-tag--green",
    "not_met": "govuk-tag--red",
    "needs_manual_review": "govuk-tag--yellow",
}
