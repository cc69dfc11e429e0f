"""Staff's serious deviations: the list of their areas (open and most severe first), each case with its
acknowledgement and closure."""

import asyncio

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import text
from services.portal.i18n import N_
from services.portal.pages.oversight.cases import area_names, deviation_view
from services.portal.pages.oversight.labels import open_first
from services.portal.pages.oversight.problems import field_errors
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()

# Each step's form: the API's path, and the message for a note it refuses as missing.
STEPS = {
    "acknowledgement": ("acknowledgement_note", N_("Write the note to the provider")),
    "closure": ("closure_note", N_("Write how the case was concluded")),
}


@routes.get("/staff/deviations")
async def deviation_list(request: web.Request) -> web.Response:
    listed, areas = await asyncio.gather(
        as_person(request).get("/deviations", limit=200), area_names(request)
    )
    deviations = [deviation_view(request, d, areas) for d in open_first(listed["items"])]
    return render(request, "pages/oversight/staff_deviations.html", {"deviations": deviations})


@routes.get("/staff/deviations/{id}")
async def deviation_page(request: web.Request) -> web.Response:
    return await _page(request, {}, {})


@routes.post("/staff/deviations/{id}/{step:acknowledgement|closure}")
async def handle(request: web.Request) -> web.Response:
    case, step = request.match_info["id"], request.match_info["step"]
    field, missing = STEPS[step]
    note = text(await request.post(), field, 4000)
    try:
        await as_person(request).send("POST", f"/deviations/{case}/{step}", json={"note": note})
    except ApiProblem as problem:
        if problem.status not in (400, 422):
            raise
        errors = field_errors(request, problem, {"note": missing})
        # The API names the body's field (`note`); the page has one note field per step.
        errors = {field if location == "note" else location: message for location, message in errors.items()}
        return await _page(request, {field: note}, errors, problem.status)
    raise web.HTTPSeeOther(f"/portal/staff/deviations/{case}?done={step}")


async def _page(
    request: web.Request, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> web.Response:
    deviation, areas = await asyncio.gather(
        as_person(request).get(f"/deviations/{request.match_info['id']}"), area_names(request)
    )
    return render(
        request,
        "pages/oversight/staff_deviation.html",
        {
            "deviation": deviation_view(request, deviation, areas),
            "done": request.query.get("done"),
            "values": values,
            "errors": errors,
        },
        status=status,
    )
