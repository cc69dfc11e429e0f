"""/portal/organisation/clients: the organisation's API clients. An administrator creates one with a role and
sees its secret once, on the page that answers the form (it is not kept anywhere to show again), and revokes
one after confirming."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.organisation.labels import ROLE_HINTS, ROLES
from services.portal.pages.organisation.listing import page_of
from services.portal.pages.organisation.times import local_time
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render

routes = web.RouteTableDef()
TEMPLATE = "pages/organisation/clients.html"


async def _page(
    request: web.Request,
    api: AsPerson,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    listed = await page_of(request, api, "/providers/me/clients")
    for client in listed["items"]:
        client["created_shown"] = local_time(client["created_at"])
        client["revoked_shown"] = local_time(client["revoked_at"])
    context: dict[str, Any] = {
        "clients": listed,
        "roles": ROLES,
        "role_hints": ROLE_HINTS,
        "typed": typed or {"label": "", "role": ""},
        "errors": errors or {},
        "done": request.query.get("done") == "revoked",
    }
    return render(request, TEMPLATE, context, status=status)


@routes.get("/organisation/clients")
async def clients(request: web.Request) -> web.Response:
    return await _page(request, as_person(request))


@routes.post("/organisation/clients")
async def create(request: web.Request) -> web.Response:
    api = as_person(request)
    form = await request.post()
    typed = {"label": text(form, "label", 100), "role": text(form, "role", 40)}
    try:
        created = await api.send("POST", "/providers/me/clients", json=typed)
    except ApiProblem as problem:
        if problem.status not in (400, 422):
            raise
        return await _page(request, api, typed, form_errors(request, problem), problem.status)
    # No redirect: the secret is in this answer only, and the page is never cached (rendering's no-store).
    return render(request, "pages/organisation/client_created.html", {"client": created, "roles": ROLES})


async def _client(api: AsPerson, client_id: str) -> dict[str, Any]:
    listed = await api.get("/providers/me/clients", limit=200)
    found = next((c for c in listed["items"] if c["client_id"] == client_id and not c["revoked_at"]), None)
    if found is None:
        raise ApiProblem(404, {"title": "Not Found"})
    return dict(found)


@routes.get("/organisation/clients/{client_id}/revoke")
async def confirm_revocation(request: web.Request) -> web.Response:
    client = await _client(as_person(request), request.match_info["client_id"])
    return render(request, "pages/organisation/revoke_client.html", {"client": client, "roles": ROLES})


@routes.post("/organisation/clients/{client_id}/revoke")
async def revoke(request: web.Request) -> web.Response:
    await as_person(request).send("DELETE", f"/providers/me/clients/{request.match_info['client_id']}")
    raise web.HTTPSeeOther("/portal/organisation/clients?done=revoked")
