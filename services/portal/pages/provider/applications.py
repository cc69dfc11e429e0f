"""A provider's applications: the list, starting one for an area, an application's task list, withdrawing
it, and its decision letter."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.context import PORTAL_KEY
from services.portal.forms import form_errors, text
from services.portal.letter_pdf import letter_pdf
from services.portal.pages.provider import labels
from services.portal.pages.provider.labels import EDITABLE, WITHDRAWABLE
from services.portal.pages.provider.view import show
from services.portal.person import AsPerson, as_person
from services.portal.rendering import language, translate

routes = web.RouteTableDef()


@routes.get("/applications")
async def applications(request: web.Request) -> web.Response:
    listed = await as_person(request).get("/applications", limit=50)
    return await show(request, "applications.html", {"applications": listed["items"]})


@routes.get("/applications/new")
async def new_application(request: web.Request) -> web.Response:
    return await show(request, "new_application.html", {"chosen": None})


@routes.post("/applications/new")
async def start_application(request: web.Request) -> web.Response:
    form = await request.post()
    chosen = text(form, "area_code", 40)
    _ = translate(request)
    if not chosen:
        errors = {"area_code": _("Choose the area you apply for")}
        return await show(request, "new_application.html", {"chosen": None, "errors": errors}, status=400)
    try:
        started = await as_person(request).send("POST", "/applications", json={"area_code": chosen})
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        errors = {"area_code": form_errors(request, problem).popitem()[1]}
        return await show(
            request, "new_application.html", {"chosen": chosen, "errors": errors}, status=problem.status
        )
    raise web.HTTPSeeOther(f"/portal/applications/{started['id']}?done=started")


async def application_and_conditions(api: AsPerson, application_id: str) -> tuple[dict[str, Any], list[Any]]:
    """The application and the conditions of the version it is judged against."""
    application = await api.get(f"/applications/{application_id}")
    conditions = await api.get(
        f"/areas/{application['area_code']}/conditions", version=application["conditions_version"]
    )
    return application, conditions["conditions"]


def progress(application: dict[str, Any], conditions: list[dict[str, Any]]) -> dict[str, bool]:
    """Which parts of the application are filled in (the API decides completeness at submission)."""
    statements = [c for c in conditions if shown(c) and c["evidence"] == "statement"]
    person = application.get("person_in_charge") or {}
    return {
        "answers": all(application["answers"].get(c["code"], "").strip() for c in statements),
        "person": bool(person.get("name") and person.get("education") and person.get("practice")),
        "attachments": bool(application["attachments"]),
    }


def shown(condition: dict[str, Any]) -> bool:
    """A condition the application itself must show (others are checked at follow-up or self-report)."""
    return "authorisation" in condition["control_points"]


@routes.get("/applications/{id}")
async def application(request: web.Request) -> web.Response:
    found, conditions = await application_and_conditions(as_person(request), request.match_info["id"])
    return await show(
        request,
        "application.html",
        {
            "application": found,
            "progress": progress(found, conditions),
            "editable": found["status"] in EDITABLE,
            "withdrawable": found["status"] in WITHDRAWABLE,
            "done": request.query.get("done"),
        },
    )


@routes.get("/applications/{id}/withdraw")
async def confirm_withdrawal(request: web.Request) -> web.Response:
    found = await as_person(request).get(f"/applications/{request.match_info['id']}")
    return await show(request, "withdraw.html", {"application": found})


@routes.post("/applications/{id}/withdraw")
async def withdraw(request: web.Request) -> web.Response:
    application_id = request.match_info["id"]
    await as_person(request).send("POST", f"/applications/{application_id}/withdraw")
    raise web.HTTPSeeOther(f"/portal/applications/{application_id}?done=withdrawn")


@routes.get("/applications/{id}/letter")
async def letter(request: web.Request) -> web.Response:
    """The decision letter as the API keeps it, laid out to be printed."""
    found = await _decided(request)
    return await show(request, "letter.html", {"application": found, "letter": found["decision"]["letter"]})


@routes.get("/applications/{id}/letter.pdf")
async def letter_as_pdf(request: web.Request) -> web.Response:
    found = await _decided(request)
    _ = translate(request)
    decision = found["decision"]
    outcome = _(labels.DECISION_OUTCOMES.get(decision["outcome"], decision["outcome"]))
    municipality = request.config_dict[PORTAL_KEY].settings.municipality_name
    body = letter_pdf(decision["letter"], outcome, municipality, language(request), _)
    return web.Response(
        body=body,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="beslut-{found["id"]}.pdf"',
            "Cache-Control": "no-store",
        },
    )


async def _decided(request: web.Request) -> dict[str, Any]:
    found: dict[str, Any] = await as_person(request).get(f"/applications/{request.match_info['id']}")
    if found["decision"] is None:
        raise web.HTTPNotFound
    return found
