"""Who hears of what: a provider organisation of the news about its own cases ("P" in the event
catalogue), and each staff member of the work that arrives in their areas ("W"). No I/O."""

from collections.abc import Mapping, Sequence
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
# What this service tells an area's leads of itself, from no event it consumes: work not done by its due date.
TELLS_LEADS: frozenset[str] = frozenset({"work_item.escalated"})


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


def leads_of(area_code: str, leads: Mapping[str, Sequence[str]], admins: Sequence[str]) -> list[str]:
    """Who is told of an item in `area_code` that nobody handled by its due date: the area's leads, named by
    WORK_ITEM_LEADS (staff ids: a person's id or an API client's); for an area that names none, every staff
    administrator this service has met, so that an escalation always reaches someone who can act."""
    named = leads.get(area_code)
    return sorted(set(named)) if named else sorted(set(admins))
