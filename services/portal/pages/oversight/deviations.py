"""The provider's serious deviations: the list, the report form and each case with its handling."""

import asyncio

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import text
from services.portal.i18n import N_
from services.portal.pages.oversight.cases import area_names, authorisation_choices, deviation_view
from services.portal.pages.oversight.labels import CATEGORIES, SEVERITIES
from services.portal.pages.oversight.problems import field_errors
from services.portal.pages.oversight.when import instant_from
from services.portal.person import as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()

TEXTS = ("authorisation_id", "category", "severity", "description", "immediate_actions")
WHEN = ("occurred_at", "discovered_at")
MESSAGES = {
    "authorisation_id": N_("Choose the authorisation the deviation concerns"),
    "category": N_("Choose what kind of report this is"),
    "severity": N_("Choose how serious it is"),
    "occurred_at": N_("Enter a real date and a time such as 14:30 for when it happened"),
    "discovered_at": N_("Enter a real date and a time such as 14:30 for when you found out"),
    "description": N_("Describe what happened"),
    "immediate_actions": N_("Describe what was done at once"),
    "discovered_at:order": N_("When you found out must be after it happened"),
    "discovered_at:future": N_("The times cannot be in the future"),
}
# The error summary links to a date's first box: its day.
FIELD_IDS = {"occurred_at": "occurred_at-day", "discovered_at": "discovered_at-day"}


@routes.get("/deviations")
async def deviation_list(request: web.Request) -> web.Response:
    listed, areas = await asyncio.gather(
        as_person(request).get("/deviations", limit=200), area_names(request)
    )
    return render(
        request,
        "pages/oversight/deviations.html",
        {"deviations": [deviation_view(request, d, areas) for d in listed["items"]]},
    )


@routes.get("/deviations/new")
async def new_deviation(request: web.Request) -> web.Response:
    return await _form(request, {}, {})


@routes.post("/deviations/new")
async def report_deviation(request: web.Request) -> web.Response:
    form = await request.post()
    values = {name: text(form, name) for name in TEXTS}
    values.update(
        {
            f"{name}-{part}": text(form, f"{name}-{part}", 10)
            for name in WHEN
            for part in ("day", "month", "year", "time")
        }
    )
    _ = translate(request)
    local, body = {}, dict(values)
    for name in WHEN:
        instant = instant_from(form, name)
        if instant is None:
            local[name] = _(MESSAGES[name])
        body[name] = instant or ""
    try:
        reported = await as_person(request).send(
            "POST", "/deviations", json={key: body[key] for key in (*TEXTS, *WHEN)}
        )
    except ApiProblem as problem:
        if problem.status not in (400, 404, 409, 422):
            raise
        return await _form(request, values, field_errors(request, problem, MESSAGES, local), problem.status)
    raise web.HTTPSeeOther(f"/portal/deviations/{reported['id']}?done=reported")


async def _form(
    request: web.Request, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> web.Response:
    choices = await authorisation_choices(request, as_person(request), names=False)
    return render(
        request,
        "pages/oversight/deviation_new.html",
        {
            "values": values,
            "errors": errors,
            "field_ids": FIELD_IDS,
            "authorisations": choices,
            "categories": CATEGORIES,
            "severities": SEVERITIES,
        },
        status=400 if errors and status < 400 else status,
    )


@routes.get("/deviations/{id}")
async def deviation_page(request: web.Request) -> web.Response:
    deviation, areas = await asyncio.gather(
        as_person(request).get(f"/deviations/{request.match_info['id']}"), area_names(request)
    )
    return render(
        request,
        "pages/oversight/deviation.html",
        {"deviation": deviation_view(request, deviation, areas), "done": request.query.get("done")},
    )
