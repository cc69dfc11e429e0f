"""Staff read a quality report and review it: accept it, or ask for completion by a due date."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.managers.forms import date_of, segment, values_of
from services.portal.pages.quality.content import values_of_content
from services.portal.pages.quality.labels import LABELS, PARTS, SECTIONS
from services.portal.person import as_person
from services.portal.rendering import language, render

routes = web.RouteTableDef()
FIELD_IDS = {"outcome": "outcome", "note": "note", "due_date": "due_date-day"}


def _review_page(
    request: web.Request,
    report: dict[str, Any],
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    return render(
        request,
        "pages/quality/staff_report.html",
        {
            "report": report,
            "values": values,
            "report_values": values_of_content(report["content"], language(request)),
            "errors": errors or {},
            "field_ids": FIELD_IDS,
            "parts": {location: (label, hint, kind) for location, label, hint, kind in PARTS},
            "sections": SECTIONS,
            "done": request.query.get("done"),
            **LABELS,
        },
        status=status,
    )


@routes.get("/staff/quality-reports/{id}")
async def staff_report_page(request: web.Request) -> web.Response:
    report = await as_person(request).get(f"/quality-reports/{segment(request.match_info['id'])}")
    return _review_page(request, report, {})


@routes.post("/staff/quality-reports/{id}/review")
async def review(request: web.Request) -> web.Response:
    api = as_person(request)
    case = segment(request.match_info["id"])
    form = await request.post()
    outcome = text(form, "outcome", 30)
    body: dict[str, Any] = {"outcome": outcome}
    if outcome != "accepted":
        body |= {"note": text(form, "note", 4000), "due_date": date_of(form, "due_date")}
    try:
        await api.send("POST", f"/quality-reports/{case}/review", json=body)
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        report = await api.get(f"/quality-reports/{case}")
        return _review_page(request, report, values_of(form), form_errors(request, problem), 422)
    raise web.HTTPSeeOther(f"/portal/staff/quality-reports/{case}?done=reviewed")
