"""/portal/organisation: the organisation's details, its contact address changed by an administrator, and
the way to its people, API clients, webhooks and notification choices."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.organisation.rights import manages_organisation
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()
TEMPLATE = "pages/organisation/details.html"


def _context(api_person: dict[str, Any], organisation: dict[str, Any]) -> dict[str, Any]:
    return {"organisation": organisation, "manages": manages_organisation(api_person)}


@routes.get("/organisation")
async def details(request: web.Request) -> web.Response:
    api = as_person(request)
    organisation = await api.get("/providers/me")
    context = _context(api.person, organisation)
    done = request.query.get("done")
    return render(
        request, TEMPLATE, {**context, "contact_email": organisation["contact_email"], "done": done}
    )


@routes.post("/organisation")
async def change_contact(request: web.Request) -> web.Response:
    api = as_person(request)
    form = await request.post()
    contact_email = text(form, "contact_email", 320)
    try:
        await api.send("PATCH", "/providers/me", json={"contact_email": contact_email})
    except ApiProblem as problem:
        if problem.status not in (400, 422):
            raise
        organisation = await api.get("/providers/me")
        return render(
            request,
            TEMPLATE,
            {
                **_context(api.person, organisation),
                "contact_email": contact_email,
                "errors": form_errors(request, problem),
            },
            status=problem.status,
        )
    raise web.HTTPSeeOther("/portal/organisation?done=contact")
