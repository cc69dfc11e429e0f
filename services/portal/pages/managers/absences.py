"""A provider's reports of a substitute while the person in charge is away: the list and a new report."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.context import PORTAL_KEY
from services.portal.forms import WHOLE_FORM, field_id, form_errors, text
from services.portal.pages.managers.authorisations import active_authorisations
from services.portal.pages.managers.forms import date_of, values_of
from services.portal.pages.managers.labels import ABSENCE_REASON, LABELS
from services.portal.pages.managers.person_form import (
    CARE_FIELDS,
    EDUCATION_LEVELS,
    SWEDISH_LEVELS,
    competence_body,
    form_location,
    row_counts,
)
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()

# The substitute's competence rows are the person in charge's form under this prefix.
SUBSTITUTE = "substitute"

# The period's errors sit at its date inputs; the summary links to the day's box.
FIELD_IDS = {
    "starts_on": "starts_on-day",
    "ends_on": "ends_on-day",
    "authorisation_id": "authorisation_id",
    "substitute.name": "substitute-name",
}


@routes.get("/manager-absences")
async def absence_list(request: web.Request) -> web.Response:
    listed = await as_person(request).get("/manager-absences", limit=50, cursor=request.query.get("cursor"))
    return render(
        request,
        "pages/managers/absences.html",
        {
            "absences": listed["items"],
            "next_cursor": listed["next_cursor"],
            "done": request.query.get("done"),
            **LABELS,
        },
    )


@routes.get("/staff/manager-absences")
async def staff_absence_list(request: web.Request) -> web.Response:
    listed = await as_person(request).get("/manager-absences", limit=50, cursor=request.query.get("cursor"))
    return render(
        request,
        "pages/managers/staff_absences.html",
        {"absences": listed["items"], "next_cursor": listed["next_cursor"], **LABELS},
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
    settings = request.config_dict[PORTAL_KEY].settings
    field_ids = dict(FIELD_IDS)
    field_ids.update({at: field_id(at) for at in errors if at != WHOLE_FORM and at not in field_ids})
    return render(
        request,
        "pages/managers/absence_new.html",
        {
            "authorisations": authorisations,
            "values": values,
            "counts": counts,
            "errors": errors,
            "field_ids": field_ids,
            "reasons": list(ABSENCE_REASON.items()),
            "education_levels": EDUCATION_LEVELS,
            "care_fields": CARE_FIELDS,
            "swedish_levels": SWEDISH_LEVELS,
            "competence_after_days": settings.substitute_competence_after_days,
        },
        status=status,
    )


@routes.get("/manager-absences/new")
async def new_absence(request: web.Request) -> web.Response:
    authorisations = await active_authorisations(as_person(request))
    chosen = {"authorisation_id": request.query.get("authorisation", "")}
    return _form_page(request, authorisations, chosen, row_counts(None))


@routes.post("/manager-absences/new")
async def report_absence(request: web.Request) -> web.Response:
    api = as_person(request)
    form = await request.post()
    if text(form, "add", 20):
        # "Add another": the same form with one more row; nothing is sent yet.
        return _form_page(request, await active_authorisations(api), values_of(form), row_counts(form))
    # Left empty, the competence goes as empty lists and no Swedish: enough for a short absence, and the
    # API names what a long one lacks.
    competence, rows = competence_body(form, SUBSTITUTE)
    body = {
        "authorisation_id": text(form, "authorisation_id", 36),
        "substitute": {
            "name": text(form, "substitute.name", 200),
            "role": text(form, "substitute.role", 200),
            "phone": text(form, "substitute.phone", 40),
            "email": text(form, "substitute.email", 254),
            **competence,
        },
        "starts_on": date_of(form, "starts_on"),
        "ends_on": date_of(form, "ends_on"),
        "reason": text(form, "reason", 40),
    }
    try:
        await api.send("POST", "/manager-absences", json=body)
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        errors = {
            form_location(at, rows, SUBSTITUTE): message
            for at, message in form_errors(request, problem).items()
        }
        if problem.status == 409 and list(errors) == [WHOLE_FORM]:
            # An overlapping period: the rule of the period, so shown at its first day.
            errors = {"starts_on": errors[WHOLE_FORM]}
        authorisations = await active_authorisations(api)
        return _form_page(
            request, authorisations, values_of(form), row_counts(form), errors, status=problem.status
        )
    raise web.HTTPSeeOther("/portal/manager-absences?done=reported")
