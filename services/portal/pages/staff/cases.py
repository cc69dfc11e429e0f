"""Where a case is found in the portal, from its subject in the API ("applications/{id}"), and which cases
have a history page."""

# The API's collection → the staff page of one of its cases.
CASE_PAGES = {
    "applications": "/portal/staff/applications",
    "authorisations": "/portal/staff/authorisations",
    "deviations": "/portal/staff/deviations",
    "manager-changes": "/portal/staff/manager-changes",
    "quality-reports": "/portal/staff/quality-reports",
    "follow-up-requests": "/portal/staff/follow-ups",
}

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
    kind, _, case_id = subject.partition("/")
    base = CASE_PAGES.get(kind)
    if base is None or not case_id or "/" in case_id:
        return None
    return f"{base}/{case_id}"


def history_page(kind: str, case_id: str) -> str:
    return f"/portal/staff/history/{kind}/{case_id}"
