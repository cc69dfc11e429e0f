"""Staff's manager changes: the list of their areas' changes, and one change with the proposed person, the
competence pre-check with its arithmetic, and the decision."""

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.managers.forms import segment
from services.portal.pages.managers.labels import LABELS
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()
STATUSES = ("pending", "approved", "rejected")


@routes.get("/staff/manager-changes")
async def staff_change_list(request: web.Request) -> web.Response:
    status = request.query.get("status", "pending")
    status = status if status in STATUSES else ""
    listed = await as_person(request).get(
        "/manager-changes", limit=50, status=status, cursor=request.query.get("cursor")
    )
    return render(
        request,
        "pages/managers/staff_changes.html",
        {
            "changes": listed["items"],
            "next_cursor": listed["next_cursor"],
            "status": status,
            "statuses": STATUSES,
            **LABELS,
        },
    )


def _case_page(
    request: web.Request,
    change: dict[str, object],
    values: dict[str, str],
    errors: dict[str, str],
    status: int,
) -> web.Response:
    return render(
        request,
        "pages/managers/staff_change.html",
        {
            "change": change,
            "values": values,
            "errors": errors,
            "field_ids": {"outcome": "outcome"},
            "done": request.query.get("done"),
            **LABELS,
        },
        status=status,
    )


@routes.get("/staff/manager-changes/{id}")
async def staff_change_page(request: web.Request) -> web.Response:
    change = await as_person(request).get(f"/manager-changes/{segment(request.match_info['id'])}")
    return _case_page(request, change, {}, {}, 200)


@routes.post("/staff/manager-changes/{id}/decision")
async def decide_change(request: web.Request) -> web.Response:
    api = as_person(request)
    case = segment(request.match_info["id"])
    path = f"/manager-changes/{case}"
    form = await request.post()
    decision = {"outcome": text(form, "outcome", 20), "reasons": text(form, "reasons", 4000)}
    try:
        await api.send("POST", f"{path}/decision", json=decision)
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        change = await api.get(path)
        return _case_page(request, change, decision, form_errors(request, problem), 422)
    raise web.HTTPSeeOther(f"/portal/staff/manager-changes/{case}?done=decided")
