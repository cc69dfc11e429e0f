"""The conditions of an application's area, with their control points, and the provider's written answer to
each condition the application must show by a statement."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.provider.applications import application_and_conditions, shown
from services.portal.pages.provider.view import show
from services.portal.person import as_person

routes = web.RouteTableDef()

ANSWER_LIMIT = 20_000


def answerable(conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in conditions if shown(c) and c["evidence"] == "statement"]


@routes.get("/applications/{id}/answers")
async def answers(request: web.Request) -> web.Response:
    found, conditions = await application_and_conditions(as_person(request), request.match_info["id"])
    return await _page(request, found, conditions, found["answers"], {})


@routes.post("/applications/{id}/answers")
async def save_answers(request: web.Request) -> web.Response:
    api = as_person(request)
    application_id = request.match_info["id"]
    found, conditions = await application_and_conditions(api, application_id)
    form = await request.post()
    given = {c["code"]: text(form, f"answers.{c['code']}", ANSWER_LIMIT) for c in answerable(conditions)}
    try:
        # An emptied answer is removed rather than kept as blank text.
        await api.send(
            "PATCH",
            f"/applications/{application_id}",
            json={"answers": {k: v or None for k, v in given.items()}},
        )
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        return await _page(request, found, conditions, given, form_errors(request, problem), status=400)
    raise web.HTTPSeeOther(f"/portal/applications/{application_id}?done=answers")


async def _page(
    request: web.Request,
    found: dict[str, Any],
    conditions: list[dict[str, Any]],
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> web.Response:
    return await show(
        request,
        "answers.html",
        {
            "application": found,
            "answerable": answerable(conditions),
            "others": [c for c in conditions if c not in answerable(conditions)],
            "values": values,
            "errors": errors,
        },
        status=status,
    )
