"""The provider person's start page: their organisation's applications and authorisations, what the
municipality has asked of them and by when, and the inbox, which updates itself while the page is open."""

import asyncio
from typing import Any

from aiohttp import web

from services.portal.pages.provider.inbox import inbox_entries
from services.portal.pages.provider.view import show
from services.portal.person import AsPerson, as_person

LISTED = 20


async def provider_start(request: web.Request) -> web.Response:
    api = as_person(request)
    applications, authorisations, follow_ups, inbox = await asyncio.gather(
        api.get("/applications", limit=LISTED),
        api.get("/authorisations", limit=LISTED),
        api.get("/follow-up-requests", limit=LISTED, status="open"),
        inbox_entries(api),
    )
    return await show(
        request,
        "start.html",
        {
            "applications": applications["items"],
            "authorisations": authorisations["items"],
            "follow_ups": follow_ups["items"],
            "supplements": await open_supplement_requests(api, applications["items"]),
            "inbox": inbox,
            "back": "/portal/",
        },
    )


async def open_supplement_requests(api: AsPerson, applications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The unanswered supplement requests, with the application each belongs to (only the applications the
    municipality has asked more of are read in full)."""
    asked = [a for a in applications if a["status"] == "supplement_requested"]
    full = await asyncio.gather(*(api.get(f"/applications/{a['id']}") for a in asked))
    return [
        {**request, "application_id": application["id"], "area_code": application["area_code"]}
        for application in full
        for request in application["supplement_requests"]
        if request["answered_at"] is None
    ]
