"""Applications of the officer's areas: the list, and the review page (the answers per condition, the person
in charge, the attachments, the competence pre-check with its arithmetic, an assessment per condition and a
supplement request)."""

import asyncio
import re
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.i18n import N_
from services.portal.pages.staff.cases import history_page
from services.portal.pages.staff.dates import date_parts, typed_date
from services.portal.pages.staff.labels import (
    APPLICATION_STATUSES,
    CARE_FIELDS,
    CONTROL_POINTS,
    EDUCATION_LEVELS,
    LETTER_KINDS,
    PRECHECK_OUTCOMES,
    REQUIREMENTS,
    SWEDISH_LEVELS,
    TAG_COLOURS,
)
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()
PAGE_SIZE = 20

DONE = {
    "assessed": N_("Your assessment is saved."),
    "supplement": N_("The supplement request is sent to the provider."),
    "decided": N_("The decision is sent to the provider."),
}
# "assessments.2.comment" → the verdict at index 2, and which of its fields.
VERDICT_LOCATION = re.compile(r"^assessments\.(\d+)(?:\.(\w+))?$")


def shown_at_authorisation(conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in conditions if "authorisation" in c["control_points"]]


async def conditions_of(api: AsPerson, application: dict[str, Any]) -> list[dict[str, Any]]:
    """The conditions the application is judged against: those of its version, not of today's."""
    found = await api.get(
        f"/areas/{application['area_code']}/conditions", version=application["conditions_version"]
    )
    conditions: list[dict[str, Any]] = found["conditions"]
    return conditions


@routes.get("/staff/applications")
async def application_list(request: web.Request) -> web.Response:
    api = as_person(request)
    status = request.query.get("status", "")
    status = status if status in APPLICATION_STATUSES else ""
    area = request.query.get("area", "")[:40]
    cursor = request.query.get("cursor", "")[:2000]
    found, areas = await asyncio.gather(
        api.get("/applications", status=status, area_code=area, cursor=cursor, limit=PAGE_SIZE),
        api.get("/areas"),
    )
    kept = {k: v for k, v in (("status", status), ("area", area)) if v}
    next_page = (
        "/portal/staff/applications?" + urlencode({**kept, "cursor": found["next_cursor"]})
        if found["next_cursor"]
        else None
    )
    return render(
        request,
        "pages/staff/applications.html",
        {
            "applications": found["items"],
            "areas": areas["items"],
            "statuses": APPLICATION_STATUSES,
            "tags": TAG_COLOURS,
            "status": status,
            "area": area,
            "next_page": next_page,
            "first_page": "/portal/staff/applications?" + urlencode(kept) if cursor else None,
        },
    )


@routes.get("/staff/applications/{id}")
async def review(request: web.Request) -> web.Response:
    _ = translate(request)
    done = request.query.get("done", "")
    return await review_page(request, notice=_(DONE[done]) if done in DONE else None)


async def review_page(
    request: web.Request,
    *,
    errors: dict[str, str] | None = None,
    field_ids: dict[str, str] | None = None,
    posted: dict[str, Any] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> web.Response:
    api = as_person(request)
    application_id = request.match_info["id"]
    application = await api.get(f"/applications/{application_id}")
    conditions, area = await asyncio.gather(
        conditions_of(api, application), api.get(f"/areas/{application['area_code']}")
    )
    verdicts = {a["condition_code"]: a for a in application.get("assessments") or []}
    return render(
        request,
        "pages/staff/application.html",
        {
            "application": application,
            "area": area,
            "conditions": conditions,
            "assessed": shown_at_authorisation(conditions),
            "verdicts": verdicts,
            "statuses": APPLICATION_STATUSES,
            "control_points": CONTROL_POINTS,
            "requirements": REQUIREMENTS,
            "education_levels": EDUCATION_LEVELS,
            "care_fields": CARE_FIELDS,
            "swedish_levels": SWEDISH_LEVELS,
            "precheck_outcomes": PRECHECK_OUTCOMES,
            "letter_kinds": LETTER_KINDS,
            "tags": TAG_COLOURS,
            "history": history_page("applications", application_id),
            "reviewable": application["status"] in ("submitted", "in_review"),
            "posted": posted or {},
            "errors": errors or {},
            "field_ids": field_ids or {},
            "notice": notice,
        },
        status=status,
    )


@routes.get("/staff/applications/{id}/attachments/{aid}")
async def attachment(request: web.Request) -> web.Response:
    path = f"/applications/{request.match_info['id']}/attachments/{request.match_info['aid']}"
    download = await as_person(request).download(path)
    headers = {"Content-Disposition": download.disposition} if download.disposition else {}
    return web.Response(body=download.body, content_type=download.content_type, headers=headers)


@routes.post("/staff/applications/{id}/assessments")
async def assess(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    codes = [str(c) for c in form.getall("condition", [])][:100]
    verdicts = [
        {
            "condition_code": code,
            "met": form.get(f"met-{code}") == "yes",
            "comment": text(form, f"comment-{code}"),
        }
        for code in codes
        if form.get(f"met-{code}") in ("yes", "no")
    ]
    application_id = request.match_info["id"]
    try:
        await as_person(request).send(
            "POST", f"/applications/{application_id}/assessments", json={"assessments": verdicts}
        )
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        field_ids = _verdict_fields(problem, verdicts, codes)
        posted = {
            "verdicts": {
                code: {"met": form.get(f"met-{code}"), "comment": text(form, f"comment-{code}")}
                for code in codes
            }
        }
        return await review_page(
            request,
            errors=form_errors(request, problem),
            field_ids=field_ids,
            posted=posted,
            status=problem.status,
        )
    raise web.HTTPSeeOther(f"/portal/staff/applications/{application_id}?done=assessed")


def _verdict_fields(problem: ApiProblem, verdicts: list[dict[str, Any]], codes: list[str]) -> dict[str, str]:
    """The API names a verdict by its index in what was sent; the page's fields are named by condition."""
    ids: dict[str, str] = {"assessments": f"met-{codes[0]}" if codes else "assessments"}
    for error in problem.errors:
        location = str(error.get("location") or "").removeprefix("body.")
        match = VERDICT_LOCATION.match(location)
        if match is None or int(match[1]) >= len(verdicts):
            continue
        code = verdicts[int(match[1])]["condition_code"]
        ids[location] = f"comment-{code}" if match[2] == "comment" else f"met-{code}"
    return ids


@routes.post("/staff/applications/{id}/supplement-requests")
async def request_supplement(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    parts = date_parts(form, "due_date")
    body = {
        "message": text(form, "message", 4000),
        "condition_codes": [str(c) for c in form.getall("condition_codes", [])][:100],
        "due_date": typed_date(parts),
    }
    application_id = request.match_info["id"]
    try:
        await as_person(request).send(
            "POST", f"/applications/{application_id}/supplement-requests", json=body
        )
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        field_ids = {"due_date": "due_date-day", "condition_codes": "condition_codes"}
        posted = {"supplement": {**body, "due_date": parts}}
        return await review_page(
            request,
            errors=form_errors(request, problem),
            field_ids=field_ids,
            posted=posted,
            status=problem.status,
        )
    raise web.HTTPSeeOther(f"/portal/staff/applications/{application_id}?done=supplement")
