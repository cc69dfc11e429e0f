"""Where a case is read in the portal, from its subject in the API ("applications/{id}"): a provider's
person and a municipal officer each have their own page of it. Emails link to /portal/cases/<subject>,
which sends whoever logs in to their page (services/portal/pages/cases.py)."""

import re

# The API's collection → the page of one of its cases, for each kind of person.
PROVIDER_PAGES = {
    "applications": "/portal/applications",
    "authorisations": "/portal/authorisations",
    "deviations": "/portal/deviations",
    "follow-up-requests": "/portal/follow-ups",
    "manager-changes": "/portal/manager-changes",
    "quality-reports": "/portal/quality-reports",
}
STAFF_PAGES = {
    "applications": "/portal/staff/applications",
    "authorisations": "/portal/staff/authorisations",
    "deviations": "/portal/staff/deviations",
    "follow-up-requests": "/portal/staff/follow-ups",
    "manager-changes": "/portal/staff/manager-changes",
    "quality-reports": "/portal/staff/quality-reports",
}


# What a case's id may be, so that no subject makes a link anywhere else.
CASE_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")


def case_page(subject: str, staff: bool) -> str | None:
    """The page of the case `subject` names for a provider's person or for staff; None for a kind of case
    without one."""
    kind, _, case_id = subject.partition("/")
    base = (STAFF_PAGES if staff else PROVIDER_PAGES).get(kind)
    if base is None or not CASE_ID.fullmatch(case_id):
        return None
    return f"{base}/{case_id}"
