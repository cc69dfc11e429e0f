"""/portal/organisation/people: the organisation's people and their roles; an administrator changes a role
or removes a person (the API keeps the last administrator, and its refusal is shown beside that person)."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import text
from services.portal.pages.organisation.labels import ROLES
from services.portal.pages.organisation.listing import page_of
from services.portal.pages.organisation.rights import manages_organisation
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()
TEMPLATE = "pages/organisation/people.html"
DONE = ("role", "removed")


async def _people_page(
    request: web.Request, api: AsPerson, errors: dict[str, str] | None = None, status: int = 200
) -> web.Response:
    done = request.query.get("done")
    context: dict[str, Any] = {
        "people": await page_of(request, api, "/providers/me/people"),
        "roles": ROLES,
        "manages": manages_organisation(api.person),
        "me": api.person.get("id"),
        "done": done if done in DONE else None,
        "errors": errors or {},
    }
    return render(request, TEMPLATE, context, status=status)


@routes.get("/organisation/people")
async def people(request: web.Request) -> web.Response:
    return await _people_page(request, as_person(request))


def _refused(request: web.Request, problem: ApiProblem) -> str:
    _ = translate(request)
    return _(problem.detail or problem.title)


@routes.post("/organisation/people/{person_id}/role")
async def change_role(request: web.Request) -> web.Response:
    api = as_person(request)
    person_id = request.match_info["person_id"]
    role = text(await request.post(), "role", 40)
    try:
        await api.send("PATCH", f"/providers/me/people/{person_id}", json={"role": role})
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        return await _people_page(request, api, {f"role-{person_id}": _refused(request, problem)}, 409)
    raise web.HTTPSeeOther("/portal/organisation/people?done=role")


@routes.get("/organisation/people/{person_id}/remove")
async def confirm_removal(request: web.Request) -> web.Response:
    api = as_person(request)
    person_id = request.match_info["person_id"]
    # The person's name, from the organisation's own list: the API answers no single person.
    listed = await api.get("/providers/me/people", limit=200)
    person = next((p for p in listed["items"] if p["person_id"] == person_id), None)
    if person is None:
        raise ApiProblem(404, {"title": "Not Found"})
    return render(request, "pages/organisation/remove_person.html", {"member": person, "roles": ROLES})


@routes.post("/organisation/people/{person_id}/remove")
async def remove(request: web.Request) -> web.Response:
    api = as_person(request)
    person_id = request.match_info["person_id"]
    try:
        await api.send("DELETE", f"/providers/me/people/{person_id}")
    except ApiProblem as problem:
        if problem.status != 409:
            raise
        return await _people_page(request, api, {f"role-{person_id}": _refused(request, problem)}, 409)
    raise web.HTTPSeeOther("/portal/organisation/people?done=removed")
