"""Where staff read a case in the portal, from its subject in the API ("applications/{id}"), and which cases
have a history page."""

from services.portal.cases import case_page as page_of_case

# The collections whose cases answer `GET /<kind>/{id}/history`.
HISTORY_KINDS = frozenset(
    {
        "applications",
        "authorisations",
        "manager-changes",
        "manager-absences",
        "deviations",
        "follow-up-requests",
        "quality-reports",
        "work-items",
    }
)


def case_page(subject: str) -> str | None:
    """The staff page of the case `subject` names, or None for a kind of case without one."""
    return page_of_case(subject, staff=True)


def history_page(kind: str, case_id: str) -> str:
    return f"/portal/staff/history/{kind}/{case_id}"
