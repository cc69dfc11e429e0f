"""Each case's history: who acted (by name and role), when, and what, oldest first as the API gives it."""

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from services.portal.pages.staff.cases import HISTORY_KINDS, case_page
from services.portal.pages.staff.labels import ACTIONS, STATES
from services.portal.person import as_person
from services.portal.rendering import render
from shared.clock import STOCKHOLM

routes = web.RouteTableDef()
PAGE_SIZE = 50


@routes.get("/staff/history/{kind}/{id}")
async def history(request: web.Request) -> web.Response:
    kind, case_id = request.match_info["kind"], request.match_info["id"]
    if kind not in HISTORY_KINDS:
        raise web.HTTPNotFound
    cursor = request.query.get("cursor", "")[:2000]
    found = await as_person(request).get(f"/{kind}/{case_id}/history", cursor=cursor, limit=PAGE_SIZE)
    here = f"/portal/staff/history/{kind}/{case_id}"
    return render(
        request,
        "pages/staff/history.html",
        {
            "entries": [_shown(e) for e in found["items"]],
            "kind": kind,
            "actions": {**STATES, **ACTIONS},
            "states": STATES,
            "case_page": case_page(f"{kind}/{case_id}"),
            "next_page": f"{here}?{urlencode({'cursor': found['next_cursor']})}"
            if found["next_cursor"]
            else None,
            "first_page": here if cursor else None,
        },
    )


def _shown(entry: dict[str, Any]) -> dict[str, Any]:
    # Told in the municipality's time, as every date of a case is.
    at = datetime.fromisoformat(entry["at"]).astimezone(STOCKHOLM)
    return {**entry, "local": at.strftime("%Y-%m-%d %H:%M")}
