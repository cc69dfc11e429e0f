"""Staff's follow-up requests: the list of their areas, asking a provider questions by a due date, and each
request with the provider's answer."""

import asyncio

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import text
from services.portal.i18n import N_
from services.portal.pages.oversight.cases import area_names, authorisation_choices, follow_up_view
from services.portal.pages.oversight.problems import field_errors
from services.portal.pages.oversight.when import date_from
from services.portal.person import as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()

MESSAGES = {
    "authorisation_id": N_("Choose the provider's authorisation"),
    "questions": N_("Write at least one question"),
    "due_date": N_("Enter a real date, such as 15 1 2027"),
    "due_date:date_not_future": N_("The date must be after today"),
    "due_date:date_too_far": N_("The date is too far ahead: choose one within the coming years"),
    "due_date:not_working_day": N_("The date must be a working day, not a weekend or public holiday"),
    "reasons": N_("Write why the answer does not suffice"),
}
DATE_PARTS = ("day", "month", "year")


@routes.get("/staff/follow-ups")
async def follow_up_list(request: web.Request) -> web.Response:
    listed, areas = await asyncio.gather(
        as_person(request).get("/follow-up-requests", limit=200), area_names(request)
    )
    follow_ups = sorted(
        (follow_up_view(request, f, areas) for f in listed["items"]),
        key=lambda f: (f["status"] != "open", str(f["due_date"])),
    )
    return render(request, "pages/oversight/staff_follow_ups.html", {"follow_ups": follow_ups})


@routes.get("/staff/follow-ups/new")
async def new_follow_up(request: web.Request) -> web.Response:
    return await _form(request, {"authorisation_id": request.query.get("authorisation_id", "")}, {})


@routes.post("/staff/follow-ups/new")
async def ask(request: web.Request) -> web.Response:
    form = await request.post()
    values = {"authorisation_id": text(form, "authorisation_id", 36), "questions": text(form, "questions")}
    values.update({f"due_date-{part}": text(form, f"due_date-{part}", 10) for part in DATE_PARTS})
    due = date_from(form, "due_date")
    local = {} if due is not None else {"due_date": translate(request)(MESSAGES["due_date"])}
    body = {
        "authorisation_id": values["authorisation_id"],
        # One question a line: a page's textarea stands in for the API's list.
        "questions": [line.strip() for line in values["questions"].splitlines() if line.strip()],
        "due_date": due.isoformat() if due is not None else "",
    }
    try:
        asked = await as_person(request).send("POST", "/follow-up-requests", json=body)
    except ApiProblem as problem:
        if problem.status not in (400, 404, 409, 422):
            raise
        errors: dict[str, str] = {}
        for location, message in field_errors(request, problem, MESSAGES, local).items():
            errors.setdefault("questions" if location.startswith("questions.") else location, message)
        return await _form(request, values, errors, problem.status)
    raise web.HTTPSeeOther(f"/portal/staff/follow-ups/{asked['id']}?done=asked")


async def _form(
    request: web.Request, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> web.Response:
    choices = await authorisation_choices(request, as_person(request), names=True)
    return render(
        request,
        "pages/oversight/staff_follow_up_new.html",
        {
            "values": values,
            "errors": errors,
            "field_ids": {"due_date": "due_date-day"},
            "authorisations": choices,
        },
        status=status,
    )


@routes.get("/staff/follow-ups/{id}")
async def follow_up_page(request: web.Request) -> web.Response:
    return await _page(request, "", {})


@routes.post("/staff/follow-ups/{id}/acceptance")
async def accept(request: web.Request) -> web.Response:
    case = request.match_info["id"]
    await as_person(request).send("POST", f"/follow-up-requests/{case}/acceptance")
    raise web.HTTPSeeOther(f"/portal/staff/follow-ups/{case}?done=accepted")


@routes.post("/staff/follow-ups/{id}/rejection")
async def reject(request: web.Request) -> web.Response:
    case = request.match_info["id"]
    reasons = text(await request.post(), "reasons", 4000)
    try:
        await as_person(request).send(
            "POST", f"/follow-up-requests/{case}/rejection", json={"reasons": reasons}
        )
    except ApiProblem as problem:
        if problem.status not in (400, 422):
            raise
        return await _page(request, reasons, field_errors(request, problem, MESSAGES), problem.status)
    raise web.HTTPSeeOther(f"/portal/staff/follow-ups/{case}?done=rejected")


async def _page(
    request: web.Request, reasons: str, errors: dict[str, str], status: int = 200
) -> web.Response:
    follow_up, areas = await asyncio.gather(
        as_person(request).get(f"/follow-up-requests/{request.match_info['id']}"), area_names(request)
    )
    return render(
        request,
        "pages/oversight/staff_follow_up.html",
        {
            "follow_up": follow_up_view(request, follow_up, areas),
            "done": request.query.get("done"),
            "reasons": reasons,
            "errors": errors,
        },
        status=status,
    )
