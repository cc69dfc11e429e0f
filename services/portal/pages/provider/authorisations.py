"""A provider's authorisations: the list, one with its warnings and capacity, and setting the capacity
ceiling (at the ceiling the register shows the provider as full)."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.provider.view import show
from services.portal.person import as_person
from services.portal.rendering import translate

routes = web.RouteTableDef()


@routes.get("/authorisations")
async def authorisations(request: web.Request) -> web.Response:
    listed = await as_person(request).get("/authorisations", limit=50)
    return await show(request, "authorisations.html", {"authorisations": listed["items"]})


@routes.get("/authorisations/{id}")
async def authorisation(request: web.Request) -> web.Response:
    found = await as_person(request).get(f"/authorisations/{request.match_info['id']}")
    return await show(
        request, "authorisation.html", {"authorisation": found, "done": request.query.get("done")}
    )


@routes.get("/authorisations/{id}/capacity")
async def capacity(request: web.Request) -> web.Response:
    found = await as_person(request).get(f"/authorisations/{request.match_info['id']}")
    values = {
        "capacity_ceiling": _shown(found["capacity_ceiling"]),
        "current_customers": _shown(found["current_customers"]),
    }
    return await show(request, "capacity.html", {"authorisation": found, "values": values, "errors": {}})


@routes.post("/authorisations/{id}/capacity")
async def set_capacity(request: web.Request) -> web.Response:
    api = as_person(request)
    authorisation_id = request.match_info["id"]
    form = await request.post()
    values = {name: text(form, name, 20) for name in ("capacity_ceiling", "current_customers")}
    _ = translate(request)
    errors = {
        name: _("Enter a whole number") for name, value in values.items() if value and not value.isdigit()
    }
    if not errors:
        body = {name: int(value) if value else None for name, value in values.items()}
        try:
            await api.send("PUT", f"/authorisations/{authorisation_id}/capacity", json=body)
        except ApiProblem as problem:
            if problem.status != 422:
                raise
            errors = form_errors(request, problem)
            # The rule joining the two fields (customers with a ceiling) is the body's: shown at customers.
            if "(body)" in errors:
                errors["current_customers"] = errors.pop("(body)")
        else:
            raise web.HTTPSeeOther(f"/portal/authorisations/{authorisation_id}?done=capacity")
    found = await api.get(f"/authorisations/{authorisation_id}")
    return await show(
        request, "capacity.html", {"authorisation": found, "values": values, "errors": errors}, status=400
    )


def _shown(value: Any) -> str:
    return "" if value is None else str(value)
