"""Check and submit: the application's parts at a glance, each with a link to change it, and the submission.
When the API finds something missing it answers 422 with `missing`; the page shows that list as the error
summary, each item linking to its part on this page and beside it the link to change it."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import field_id, form_errors
from services.portal.i18n import Translate
from services.portal.pages.provider.answers import answerable
from services.portal.pages.provider.applications import application_and_conditions
from services.portal.pages.provider.view import show
from services.portal.person import as_person
from services.portal.rendering import translate

routes = web.RouteTableDef()


@routes.get("/applications/{id}/submit")
async def check(request: web.Request) -> web.Response:
    found, conditions = await application_and_conditions(as_person(request), request.match_info["id"])
    return await _page(request, found, conditions, {})


@routes.post("/applications/{id}/submit")
async def submit(request: web.Request) -> web.Response:
    api = as_person(request)
    application_id = request.match_info["id"]
    try:
        await api.send("POST", f"/applications/{application_id}/submit")
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        found, conditions = await application_and_conditions(api, application_id)
        return await _page(request, found, conditions, missing_errors(request, problem), status=400)
    raise web.HTTPSeeOther(f"/portal/applications/{application_id}?done=submitted")


def missing_errors(request: web.Request, problem: ApiProblem) -> dict[str, str]:
    """The API's `missing` list (location → what is lacking), in the page's language."""
    _ = translate(request)
    missing = problem.body.get("missing")
    if not isinstance(missing, list):
        return form_errors(request, problem)
    errors: dict[str, str] = {}
    for item in missing:
        if isinstance(item, dict) and isinstance(item.get("location"), str):
            errors.setdefault(
                item["location"], _missing_text(_, item["location"], str(item.get("message", "")))
            )
    return errors or form_errors(request, problem)


def _missing_text(_: Translate, location: str, message: str) -> str:
    """The portal's own words for what the API lists (the API's message is English and names the title)."""
    if location.startswith("answers."):
        return _("Answer the condition")
    known = {
        "person_in_charge": _("Propose the person in charge"),
        "person_in_charge.education": _("List the person in charge's education"),
        "person_in_charge.practice": _("List the person in charge's practice"),
        "person_in_charge.supervision": _("List the person in charge's experience as a supervisor"),
        "person_in_charge.swedish": _("State the person in charge's command of Swedish"),
        "attachments": _("Attach at least one document"),
    }
    return known.get(location, _(message))


async def _page(
    request: web.Request,
    found: dict[str, Any],
    conditions: list[dict[str, Any]],
    errors: dict[str, str],
    status: int = 200,
) -> web.Response:
    return await show(
        request,
        "submit.html",
        {
            "application": found,
            "answerable": answerable(conditions),
            "errors": errors,
            "field_ids": {location: "missing-" + field_id(location) for location in errors},
            "resubmission": found["status"] == "supplement_requested",
        },
        status=status,
    )
