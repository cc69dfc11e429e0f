"""What the API's values of deviations and follow-up requests are called on a page, and their order."""

from typing import Any

from services.portal.i18n import N_

CATEGORIES = {
    "complaint": N_("Complaint"),
    "error": N_("Error"),
    "deficiency": N_("Deficiency"),
    "deviation": N_("Deviation"),
}
SEVERITIES = {
    "serious": N_("Serious"),
    "moderate": N_("Moderate"),
    "minor": N_("Minor"),
}
DEVIATION_STATUSES = {
    "reported": N_("Reported"),
    "acknowledged": N_("Acknowledged"),
    "closed": N_("Closed"),
}
FOLLOW_UP_STATUSES = {
    "open": N_("Waiting for an answer"),
    "responded": N_("Answered"),
    "rejected": N_("Answer not accepted"),
    "accepted": N_("Accepted, closed"),
}
# GOV.UK tag colours: what still needs the municipality's attention stands out.
STATUS_COLOURS = {
    "reported": "govuk-tag--red",
    "acknowledged": "govuk-tag--yellow",
    "closed": "govuk-tag--grey",
    "open": "govuk-tag--blue",
    "responded": "govuk-tag--green",
    "rejected": "govuk-tag--yellow",
    "accepted": "govuk-tag--grey",
}
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def open_first(deviations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Open cases before closed ones, the most severe first, then the most recent."""
    newest_first = sorted(deviations, key=lambda d: str(d["created_at"]), reverse=True)
    return sorted(
        newest_first,
        key=lambda d: (d["status"] == "closed", _SEVERITY_RANK.get(str(d["severity"]), len(_SEVERITY_RANK))),
    )
