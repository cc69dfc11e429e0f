"""/portal/cases/<kind>/<id>: the one address of a case, which emails give; it sends the person who logs in
to their own page of it (a provider's or the staff's), or to the history where the case has no page."""

from aiohttp import web

from services.portal.cases import case_page
from services.portal.person import as_person

routes = web.RouteTableDef()


@routes.get("/cases/{kind}/{id}")
async def case(request: web.Request) -> web.Response:
    person = as_person(request).person
    staff = person.get("kind") != "provider"
    kind, case_id = request.match_info["kind"], request.match_info["id"]
    page = case_page(f"{kind}/{case_id}", staff)
    if page is None and staff and kind in HISTORY_ONLY:
        page = f"/portal/staff/history/{kind}/{case_id}"
    if page is None:
        raise web.HTTPNotFound
    return web.Response(status=303, headers={"Location": page, "Cache-Control": "no-store"})


# Cases staff read only as their history (an absence is reported, not decided).
HISTORY_ONLY = frozenset({"manager-absences", "work-items"})
