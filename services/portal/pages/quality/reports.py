"""A provider's yearly quality reports: the list, and one report to fill in, save and submit."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.managers.forms import segment, values_of
from services.portal.pages.quality.content import content_of, values_of_content
from services.portal.pages.quality.labels import LABELS, PARTS, SECTIONS
from services.portal.person import as_person
from services.portal.rendering import language, render, translate

routes = web.RouteTableDef()
EDITABLE = ("requested", "completion_requested")


@routes.get("/quality-reports")
async def report_list(request: web.Request) -> web.Response:
    listed = await as_person(request).get("/quality-reports", limit=50, cursor=request.query.get("cursor"))
    return render(
        request,
        "pages/quality/reports.html",
        {"reports": listed["items"], "next_cursor": listed["next_cursor"], **LABELS},
    )


def _report_page(
    request: web.Request,
    report: dict[str, Any],
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    return render(
        request,
        "pages/quality/report.html",
        {
            "report": report,
            "values": values,
            "errors": errors or {},
            "editable": report["status"] in EDITABLE,
            "parts": {location: (label, hint, kind) for location, label, hint, kind in PARTS},
            "sections": SECTIONS,
            "done": request.query.get("done"),
            **LABELS,
        },
        status=status,
    )


@routes.get("/quality-reports/{id}")
async def report_page(request: web.Request) -> web.Response:
    report = await as_person(request).get(f"/quality-reports/{segment(request.match_info['id'])}")
    return _report_page(request, report, values_of_content(report["content"], language(request)))


def _missing(request: web.Request, problem: ApiProblem) -> dict[str, str]:
    """The parts the API found missing at submission, each with its message beside its field."""
    _ = translate(request)
    labels = {location: label for location, label, _hint, _kind in PARTS}
    missing = problem.body.get("missing")
    if not isinstance(missing, list) or not missing:
        return form_errors(request, problem)
    return {
        str(location): _("Fill in: %(part)s") % {"part": _(labels.get(str(location), str(location)))}
        for location in missing
    }


@routes.post("/quality-reports/{id}")
async def save_or_submit(request: web.Request) -> web.Response:
    api = as_person(request)
    case = segment(request.match_info["id"])
    path = f"/quality-reports/{case}"
    form = await request.post()
    submitting = text(form, "action", 10) == "submit"
    try:
        report = await api.send("PUT", path, json=content_of(form))
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        return await _again(request, path, values_of(form), form_errors(request, problem), 422)
    if submitting:
        try:
            await api.send("POST", f"{path}/submit")
        except ApiProblem as problem:
            if problem.status != 422:
                raise
            return _report_page(request, report, values_of(form), _missing(request, problem), 422)
    raise web.HTTPSeeOther(f"/portal/quality-reports/{case}?done={'submitted' if submitting else 'saved'}")


async def _again(
    request: web.Request, path: str, values: dict[str, str], errors: dict[str, str], status: int
) -> web.Response:
    report = await as_person(request).get(path)
    return _report_page(request, report, values, errors, status)
