"""The API's values as people read them; translated where shown."""

from services.portal.i18n import N_
from services.portal.labels import PRECHECK_OUTCOMES, PRECHECK_TAGS, REQUIREMENTS, SWEDISH_LEVELS

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
LABELS = {
    "change_status": CHANGE_STATUS,
    "change_tag": CHANGE_TAG,
    "absence_reason": ABSENCE_REASON,
    "precheck_outcome": PRECHECK_OUTCOMES,
    "precheck_tag": PRECHECK_TAGS,
    "requirement": REQUIREMENTS,
    "swedish_level": SWEDISH_LEVELS,
}
