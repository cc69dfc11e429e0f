"""/portal/organisation/invitations: an administrator invites a colleague by email with a role, and sees and
withdraws the invitations still pending."""

from datetime import datetime
from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.organisation.labels import INVITATION_STATUSES, ROLE_HINTS, ROLES
from services.portal.pages.organisation.listing import page_of
from services.portal.pages.organisation.times import local_time
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render
from shared.clock import now_utc

routes = web.RouteTableDef()
TEMPLATE = "pages/organisation/invitations.html"
DONE = ("invited", "withdrawn")


def _shown_status(invitation: dict[str, Any]) -> str:
    """The API keeps a pending invitation pending past its end; a person reads it as expired."""
    expired = datetime.fromisoformat(invitation["expires_at"]) <= now_utc()
    return "expired" if invitation["status"] == "pending" and expired else str(invitation["status"])


async def _page(
    request: web.Request,
    api: AsPerson,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    listed = await page_of(request, api, "/providers/me/invitations")
    for invitation in listed["items"]:
        invitation["shown_status"] = _shown_status(invitation)
        invitation["expires_shown"] = local_time(invitation["expires_at"])
    done = request.query.get("done")
    context: dict[str, Any] = {
        "invitations": listed,
        "roles": ROLES,
        "role_hints": ROLE_HINTS,
        "statuses": INVITATION_STATUSES,
        "typed": typed or {"email": "", "role": ""},
        "errors": errors or {},
        "done": done if done in DONE else None,
    }
    return render(request, TEMPLATE, context, status=status)


@routes.get("/organisation/invitations")
async def invitations(request: web.Request) -> web.Response:
    return await _page(request, as_person(request))


@routes.post("/organisation/invitations")
async def invite(request: web.Request) -> web.Response:
    api = as_person(request)
    form = await request.post()
    typed = {"email": text(form, "email", 320), "role": text(form, "role", 40)}
    try:
        await api.send("POST", "/providers/me/invitations", json=typed)
    except ApiProblem as problem:
        if problem.status not in (400, 422):
            raise
        return await _page(request, api, typed, form_errors(request, problem), problem.status)
    raise web.HTTPSeeOther("/portal/organisation/invitations?done=invited")


@routes.post("/organisation/invitations/{id}/withdraw")
async def withdraw(request: web.Request) -> web.Response:
    await as_person(request).send("DELETE", f"/providers/me/invitations/{request.match_info['id']}")
    raise web.HTTPSeeOther("/portal/organisation/invitations?done=withdrawn")
