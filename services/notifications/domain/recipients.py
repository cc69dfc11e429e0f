"""Who hears of what: a provider organisation of the news about its own cases ("P" in the event
catalogue), and each staff member of the work that arrives in their areas ("W"). No I/O."""

from enum import StrEnum

from services.notifications.domain.work_items import MAKES_WORK

TELLS_PROVIDER: frozenset[str] = frozenset(
    {
        "application.supplement_requested",
        "application.approved",
        "application.rejected",
        "authorisation.granted",
        "authorisation.warning_issued",
        "authorisation.revoked",
        "authorisation.conditions_changed",
        "manager_change.approved",
        "manager_change.rejected",
        "deviation.acknowledged",
        "deviation.closed",
        "follow_up.requested",
        "follow_up.overdue",
        "follow_up.rejected",
        "follow_up.accepted",
        "authorisation.warning_remedied",
        "quality_report.requested",
        "quality_report.reminder",
        "quality_report.overdue",
        "quality_report.accepted",
        "quality_report.completion_requested",
    }
)
TELLS_STAFF: frozenset[str] = frozenset(MAKES_WORK)


class Audience(StrEnum):
    PROVIDER = "provider"
    STAFF = "staff"


def provider_recipient(provider_id: str) -> str:
    return f"providers/{provider_id}"


STAFF_PREFIX = "staff/"


def staff_recipient(client_id: str) -> str:
    return f"{STAFF_PREFIX}{client_id}"


def staff_covers(areas: list[str] | None, area_code: str) -> bool:
    """Whether a staff member whose areas are `areas` (None: every area, an admin) hears of `area_code`."""
    return areas is None or area_code in areas
