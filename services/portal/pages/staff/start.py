"""The staff person's start page: the work queue of their areas in the API's order (urgent, then overdue,
then by due date, then the longest waiting), each item with its due date, with claim and complete."""

from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.i18n import N_
from services.portal.pages.staff.cases import case_page, history_page
from services.portal.pages.staff.labels import TAG_COLOURS, WORK_ITEM_KINDS, WORK_ITEM_STATUSES
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()
PAGE_SIZE = 20

DONE = {"claimed": N_("You have claimed the work item."), "completed": N_("The work item is completed.")}


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "case_page": case_page(item["subject"]),
        "history_page": history_page("work-items", item["id"]),
        "created_on": item["created_at"][:10],
    }


async def staff_start(request: web.Request, errors: dict[str, str] | None = None) -> web.Response:
    api = as_person(request)
    query = request.query
    status = query.get("status", "") if query.get("status", "") in WORK_ITEM_STATUSES else ""
    area = query.get("area", "")[:40]
    cursor = query.get("cursor", "")[:2000]
    queue, areas = await _queue(api, status, area, cursor)
    _ = translate(request)
    kept = {k: v for k, v in (("status", status), ("area", area)) if v}
    next_page = None
    if queue["next_cursor"]:
        next_page = "/portal/?" + urlencode({**kept, "cursor": queue["next_cursor"]})
    done = request.query.get("done", "")
    return render(
        request,
        "pages/staff/start.html",
        {
            "work_items": [_shown(i) for i in queue["items"]],
            "kinds": WORK_ITEM_KINDS,
            "statuses": WORK_ITEM_STATUSES,
            "tags": TAG_COLOURS,
            "areas": areas,
            "status": status,
            "area": area,
            "next_page": next_page,
            "first_page": "/portal/?" + urlencode(kept) if cursor else None,
            "done": _(DONE[done]) if done in DONE else None,
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


async def _queue(
    api: AsPerson,
    status: str,
    area: str,
    cursor: str,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    queue = await api.get("/work-items", status=status, area_code=area, cursor=cursor, limit=PAGE_SIZE)
    # The filter offers the officer's own areas; the API decides what they see.
    mine = set(api.person.get("areas") or [])
    areas = [a for a in (await api.get("/areas"))["items"] if not mine or a["code"] in mine]
    return queue, areas


@routes.post("/staff/work-items/{id}/claim")
async def claim(request: web.Request) -> web.StreamResponse:
    try:
        await as_person(request).send("POST", f"/work-items/{request.match_info['id']}/claim")
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        return await staff_start(request, form_errors(request, problem))
    raise web.HTTPSeeOther("/portal/?done=claimed")


@routes.post("/staff/work-items/{id}/completion")
async def complete(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    item_id = request.match_info["id"]
    try:
        await as_person(request).send(
            "POST", f"/work-items/{item_id}/completion", json={"note": text(form, "note", 2000)}
        )
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        errors = {
            (f"note-{item_id}" if location == "note" else location): message
            for location, message in form_errors(request, problem).items()
        }
        return await staff_start(request, errors)
    raise web.HTTPSeeOther("/portal/?done=completed")
