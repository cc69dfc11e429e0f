"""The API's values as people read them; translated where shown."""

from services.portal.i18n import N_
from services.portal.pages.managers.person_form import SWEDISH_LEVELS

CHANGE_STATUS = {
    "pending": N_("Awaiting decision"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
}
# GOV.UK tag colours: what awaits someone stands out from what is settled.
CHANGE_TAG = {"pending": "govuk-tag--blue", "approved": "govuk-tag--green", "rejected": "govuk-tag--red"}
ABSENCE_REASON = {
    "holiday": N_("Holiday"),
    "sick_leave": N_("Sick leave"),
    "parental_leave": N_("Parental leave"),
    "other": N_("Other"),
}
PRECHECK_OUTCOME = {
    "met": N_("Met"),
    "not_met": N_("Not met"),
    "needs_manual_review": N_("Needs a manual look"),
}
PRECHECK_TAG = {
    "met": "govuk-tag--green",
    "not_met": "govuk-tag--red",
    "needs_manual_review": "govuk-tag--yellow",
}
REQUIREMENT = {
    "education": N_("Education in care, two years"),
    "practice": N_("Practical work in care, two years within ten"),
    "supervision": N_("Experience as a supervisor, two years"),
    "swedish": N_("Swedish, spoken and written"),
    "uhr_validation": N_("Education from abroad validated by UHR"),
}
LABELS = {
    "change_status": CHANGE_STATUS,
    "change_tag": CHANGE_TAG,
    "absence_reason": ABSENCE_REASON,
    "precheck_outcome": PRECHECK_OUTCOME,
    "precheck_tag": PRECHECK_TAG,
    "requirement": REQUIREMENT,
    "swedish_level": dict(SWEDISH_LEVELS),
}
