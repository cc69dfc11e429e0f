"""/portal/staff/people: a staff administrator sees the municipality's staff who have logged in and sets each
one's roles: staff administrator, and officer of which areas."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.context import PORTAL_KEY
from services.portal.forms import WHOLE_FORM, form_errors
from services.portal.pages.organisation.listing import page_of
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()


async def _areas(request: web.Request) -> list[dict[str, Any]]:
    listed = await request.config_dict[PORTAL_KEY].api.call("GET", "/areas", None)
    return list(listed["items"])


async def _page(request: web.Request, api: AsPerson) -> web.Response:
    staff = await page_of(request, api, "/staff/people")
    names = {a["code"]: a for a in await _areas(request)}
    done = request.query.get("done") == "roles"
    return render(
        request, "pages/organisation/staff_people.html", {"staff": staff, "names": names, "done": done}
    )


@routes.get("/staff/people")
async def staff_people(request: web.Request) -> web.Response:
    return await _page(request, as_person(request))


async def _member(api: AsPerson, person_id: str) -> dict[str, Any]:
    listed = await api.get("/staff/people", limit=200)
    found = next((p for p in listed["items"] if p["id"] == person_id), None)
    if found is None:
        raise ApiProblem(404, {"title": "Not Found"})
    return dict(found)


def _roles_page(
    request: web.Request,
    member: dict[str, Any],
    areas: list[dict[str, Any]],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    return render(
        request,
        "pages/organisation/staff_roles.html",
        {
            "member": member,
            "areas": areas,
            "errors": errors or {},
            "field_ids": {"staff_admin": "staff_admin", "officer_areas": "officer_areas"},
        },
        status=status,
    )


@routes.get("/staff/people/{person_id}/roles")
async def roles(request: web.Request) -> web.Response:
    member = await _member(as_person(request), request.match_info["person_id"])
    return _roles_page(request, member, await _areas(request))


@routes.post("/staff/people/{person_id}/roles")
async def set_roles(request: web.Request) -> web.Response:
    api = as_person(request)
    person_id = request.match_info["person_id"]
    form = await request.post()
    chosen = {
        "staff_admin": form.get("staff_admin") == "yes",
        "officer_areas": [str(v) for v in form.getall("officer_areas", []) if isinstance(v, str)][:50],
    }
    try:
        await api.send("PUT", f"/staff/people/{person_id}/roles", json=chosen)
    except ApiProblem as problem:
        if problem.status not in (400, 409, 422):
            raise
        member = {**await _member(api, person_id), **chosen}
        errors = form_errors(request, problem)
        if problem.status == 409:
            _ = translate(request)
            errors = {"staff_admin": _(problem.detail or problem.title)}
        errors = {k.split(".")[0] if k != WHOLE_FORM else k: v for k, v in errors.items()}
        return _roles_page(request, member, await _areas(request), errors, problem.status)
    raise web.HTTPSeeOther("/portal/staff/people?done=roles")
