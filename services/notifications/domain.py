"""Work items: what staff must handle, one open item per subject and kind; no I/O."""

from enum import StrEnum


class WorkItemStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"


class WorkItemKind(StrEnum):
    REVIEW_APPLICATION = "review_application"


def review_application_title(provider_name: str, area_code: str, resubmission: bool) -> str:
    what = "Granska kompletterad ansökan" if resubmission else "Granska ansökan om auktorisation"
    return f"{what}: {provider_name} ({area_code})"
