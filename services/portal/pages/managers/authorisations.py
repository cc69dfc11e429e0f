"""The organisation's active authorisations, to choose the one a report is about."""

from typing import Any

from services.portal.person import AsPerson


async def active_authorisations(api: AsPerson) -> list[dict[str, Any]]:
    listed = await api.get("/authorisations", status="active", limit=100)
    items: list[dict[str, Any]] = listed["items"]
    return items
