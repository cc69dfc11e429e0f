"""An application's decision, one thing per page: the decision and its reasons, then "check your decision"
with the letter the provider will get, then the decision sent."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.staff.applications import conditions_of, shown_at_authorisation
from services.portal.pages.staff.labels import LETTER_KINDS, OUTCOMES
from services.portal.pages.staff.letters import letter_preview
from services.portal.person import as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()


def _posted(form: Any) -> dict[str, Any]:
    outcome = str(form.get("outcome", ""))
    return {
        "outcome": outcome if outcome in OUTCOMES else "",
        "reasons": text(form, "reasons", 4000),
        "conditions_not_met": [str(c) for c in form.getall("conditions_not_met", [])][:100]
        if outcome == "rejected"
        else [],
    }


async def _form_page(
    request: web.Request, posted: dict[str, Any], errors: dict[str, str] | None = None, status: int = 200
) -> web.Response:
    api = as_person(request)
    application = await api.get(f"/applications/{request.match_info['id']}")
    conditions = shown_at_authorisation(await conditions_of(api, application))
    verdicts = {a["condition_code"]: a["met"] for a in application.get("assessments") or []}
    return render(
        request,
        "pages/staff/decision.html",
        {
            "application": application,
            "conditions": conditions,
            "verdicts": verdicts,
            "outcomes": OUTCOMES,
            "posted": posted,
            "errors": errors or {},
            "field_ids": {"outcome": "outcome", "conditions_not_met": "conditions_not_met"},
        },
        status=status,
    )


@routes.get("/staff/applications/{id}/decision")
async def decision_form(request: web.Request) -> web.Response:
    return await _form_page(request, {"outcome": "", "reasons": "", "conditions_not_met": []})


@routes.post("/staff/applications/{id}/decision/change")
async def change_decision(request: web.Request) -> web.Response:
    return await _form_page(request, _posted(await request.post()))


def _missing(request: web.Request, posted: dict[str, Any]) -> dict[str, str]:
    """What the letter cannot be shown without; the API checks everything again when it is sent."""
    _ = translate(request)
    errors = {}
    if not posted["outcome"]:
        errors["outcome"] = _("Choose whether to approve or reject the application")
    if not posted["reasons"]:
        errors["reasons"] = _("Enter the reasons for the decision")
    if posted["outcome"] == "rejected" and not posted["conditions_not_met"]:
        errors["conditions_not_met"] = _("Choose the conditions that are not met")
    return errors


@routes.post("/staff/applications/{id}/decision/check")
async def check_decision(request: web.Request) -> web.Response:
    posted = _posted(await request.post())
    errors = _missing(request, posted)
    if errors:
        return await _form_page(request, posted, errors, status=400)
    api = as_person(request)
    application = await api.get(f"/applications/{request.match_info['id']}")
    conditions = await conditions_of(api, application)
    letter = await letter_preview(
        api,
        f"application_{posted['outcome']}",
        application["area_code"],
        conditions,
        posted["conditions_not_met"],
        posted["reasons"],
    )
    return render(
        request,
        "pages/staff/decision_check.html",
        {
            "application": application,
            "letter": letter,
            "letter_kinds": LETTER_KINDS,
            "outcomes": OUTCOMES,
            "posted": posted,
        },
    )


@routes.post("/staff/applications/{id}/decision")
async def send_decision(request: web.Request) -> web.StreamResponse:
    posted = _posted(await request.post())
    application_id = request.match_info["id"]
    try:
        await as_person(request).send("POST", f"/applications/{application_id}/decision", json=posted)
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        return await _form_page(request, posted, form_errors(request, problem), status=problem.status)
    raise web.HTTPSeeOther(f"/portal/staff/applications/{application_id}?done=decided")
