"""A provider's changes of the person in charge: the list, a new report, and one change with its decision."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import WHOLE_FORM, field_id, form_errors, text
from services.portal.pages.managers.authorisations import active_authorisations
from services.portal.pages.managers.forms import date_of, segment, values_of
from services.portal.pages.managers.labels import LABELS
from services.portal.pages.managers.person_form import (
    CARE_FIELDS,
    EDUCATION_LEVELS,
    SWEDISH_LEVELS,
    form_location,
    person_body,
    row_counts,
)
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()


@routes.get("/manager-changes")
async def change_list(request: web.Request) -> web.Response:
    listed = await as_person(request).get("/manager-changes", limit=50, cursor=request.query.get("cursor"))
    return render(
        request,
        "pages/managers/changes.html",
        {"changes": listed["items"], "next_cursor": listed["next_cursor"], **LABELS},
    )


def _form_page(
    request: web.Request,
    authorisations: list[dict[str, Any]],
    values: dict[str, str],
    counts: dict[str, int],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    errors = errors or {}
    # Dates are GOV.UK date inputs: the summary links to the day's box; a row's own error to its fieldset.
    field_ids = {"starts_on": "starts_on-day", "authorisation_id": "authorisation_id"}
    field_ids.update({location: field_id(location) for location in errors if location != WHOLE_FORM})
    return render(
        request,
        "pages/managers/change_new.html",
        {
            "authorisations": authorisations,
            "values": values,
            "counts": counts,
            "errors": errors,
            "field_ids": field_ids,
            "education_levels": EDUCATION_LEVELS,
            "care_fields": CARE_FIELDS,
            "swedish_levels": SWEDISH_LEVELS,
        },
        status=status,
    )


@routes.get("/manager-changes/new")
async def new_change(request: web.Request) -> web.Response:
    authorisations = await active_authorisations(as_person(request))
    chosen = request.query.get("authorisation", "")
    return _form_page(request, authorisations, {"authorisation_id": chosen}, row_counts(None))


@routes.post("/manager-changes/new")
async def report_change(request: web.Request) -> web.Response:
    api = as_person(request)
    form = await request.post()
    if text(form, "add", 20):
        # "Add another": the same form with one more row; nothing is sent yet.
        authorisations = await active_authorisations(api)
        return _form_page(request, authorisations, values_of(form), row_counts(form))
    person, rows = person_body(form)
    body = {
        "authorisation_id": text(form, "authorisation_id", 36),
        "starts_on": date_of(form, "starts_on"),
        "person_in_charge": person,
    }
    try:
        created = await api.send("POST", "/manager-changes", json=body)
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        errors = {form_location(at, rows): message for at, message in form_errors(request, problem).items()}
        authorisations = await active_authorisations(api)
        return _form_page(
            request, authorisations, values_of(form), row_counts(form), errors, status=problem.status
        )
    raise web.HTTPSeeOther(f"/portal/manager-changes/{created['id']}?done=reported")


@routes.get("/manager-changes/{id}")
async def change_page(request: web.Request) -> web.Response:
    change = await as_person(request).get(f"/manager-changes/{segment(request.match_info['id'])}")
    return render(
        request,
        "pages/managers/change.html",
        {"change": change, "done": request.query.get("done"), **LABELS},
    )
