"""Authorisations of the officer's areas: the list, one with its warnings, a warning issued, and revocation
after a confirmation that shows the letter."""

import asyncio
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.i18n import N_
from services.portal.pages.staff.cases import history_page
from services.portal.pages.staff.dates import date_parts, typed_date
from services.portal.pages.staff.labels import AUTHORISATION_STATUSES, LETTER_KINDS, TAG_COLOURS
from services.portal.pages.staff.letters import letter_preview
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render, translate

routes = web.RouteTableDef()
PAGE_SIZE = 20

DONE = {"warned": N_("The warning is sent to the provider."), "revoked": N_("The authorisation is revoked.")}


@routes.get("/staff/authorisations")
async def authorisation_list(request: web.Request) -> web.Response:
    api = as_person(request)
    status = request.query.get("status", "")
    status = status if status in AUTHORISATION_STATUSES else ""
    area = request.query.get("area", "")[:40]
    cursor = request.query.get("cursor", "")[:2000]
    found, areas = await asyncio.gather(
        api.get("/authorisations", status=status, area_code=area, cursor=cursor, limit=PAGE_SIZE),
        api.get("/areas"),
    )
    kept = {k: v for k, v in (("status", status), ("area", area)) if v}
    return render(
        request,
        "pages/staff/authorisations.html",
        {
            "authorisations": found["items"],
            "areas": areas["items"],
            "statuses": AUTHORISATION_STATUSES,
            "tags": TAG_COLOURS,
            "status": status,
            "area": area,
            "next_page": "/portal/staff/authorisations?" + urlencode({**kept, "cursor": found["next_cursor"]})
            if found["next_cursor"]
            else None,
            "first_page": "/portal/staff/authorisations?" + urlencode(kept) if cursor else None,
        },
    )


async def _authorisation(api: AsPerson, authorisation_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The authorisation, and the conditions of its version (those a warning or revocation may cite)."""
    authorisation = await api.get(f"/authorisations/{authorisation_id}")
    found = await api.get(
        f"/areas/{authorisation['area_code']}/conditions", version=authorisation["conditions_version"]
    )
    return authorisation, found["conditions"]


@routes.get("/staff/authorisations/{id}")
async def authorisation_page(request: web.Request) -> web.Response:
    done = request.query.get("done", "")
    _ = translate(request)
    return await _detail(request, notice=_(DONE[done]) if done in DONE else None)


async def _detail(
    request: web.Request,
    *,
    errors: dict[str, str] | None = None,
    posted: dict[str, Any] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> web.Response:
    authorisation_id = request.match_info["id"]
    api = as_person(request)
    authorisation, conditions = await _authorisation(api, authorisation_id)
    area = await api.get(f"/areas/{authorisation['area_code']}")
    return render(
        request,
        "pages/staff/authorisation.html",
        {
            "authorisation": authorisation,
            "area": area,
            "conditions": conditions,
            "statuses": AUTHORISATION_STATUSES,
            "letter_kinds": LETTER_KINDS,
            "tags": TAG_COLOURS,
            "history": history_page("authorisations", authorisation_id),
            "posted": posted or {},
            "errors": errors or {},
            "field_ids": {"remediation_deadline": "remediation_deadline-day"},
            "notice": notice,
        },
        status=status,
    )


@routes.post("/staff/authorisations/{id}/warnings")
async def issue_warning(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    parts = date_parts(form, "remediation_deadline")
    body = {
        "condition_code": text(form, "condition_code", 60),
        "deficiency": text(form, "deficiency", 4000),
        "remediation_deadline": typed_date(parts),
    }
    authorisation_id = request.match_info["id"]
    try:
        await as_person(request).send("POST", f"/authorisations/{authorisation_id}/warnings", json=body)
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        posted = {**body, "remediation_deadline": parts}
        return await _detail(
            request, errors=form_errors(request, problem), posted=posted, status=problem.status
        )
    raise web.HTTPSeeOther(f"/portal/staff/authorisations/{authorisation_id}?done=warned")


def _revocation(form: Any) -> dict[str, Any]:
    return {
        "reasons": text(form, "reasons", 4000),
        "conditions_not_met": [str(c) for c in form.getall("conditions_not_met", [])][:100],
    }


async def _revocation_form(
    request: web.Request, posted: dict[str, Any], errors: dict[str, str] | None = None, status: int = 200
) -> web.Response:
    authorisation, conditions = await _authorisation(as_person(request), request.match_info["id"])
    return render(
        request,
        "pages/staff/revocation.html",
        {"authorisation": authorisation, "conditions": conditions, "posted": posted, "errors": errors or {}},
        status=status,
    )


@routes.get("/staff/authorisations/{id}/revocation")
async def revocation_form(request: web.Request) -> web.Response:
    return await _revocation_form(request, {"reasons": "", "conditions_not_met": []})


@routes.post("/staff/authorisations/{id}/revocation/check")
async def check_revocation(request: web.Request) -> web.Response:
    posted = _revocation(await request.post())
    _ = translate(request)
    errors = {}
    if not posted["conditions_not_met"]:
        errors["conditions_not_met"] = _("Choose the conditions that are not met")
    if not posted["reasons"]:
        errors["reasons"] = _("Enter the reasons for the decision")
    if errors:
        return await _revocation_form(request, posted, errors, status=400)
    api = as_person(request)
    authorisation, conditions = await _authorisation(api, request.match_info["id"])
    letter = await letter_preview(
        api,
        "authorisation_revoked",
        authorisation["area_code"],
        conditions,
        posted["conditions_not_met"],
        posted["reasons"],
    )
    return render(
        request,
        "pages/staff/revocation_check.html",
        {"authorisation": authorisation, "letter": letter, "letter_kinds": LETTER_KINDS, "posted": posted},
    )


@routes.post("/staff/authorisations/{id}/revocation")
async def revoke(request: web.Request) -> web.StreamResponse:
    posted = _revocation(await request.post())
    authorisation_id = request.match_info["id"]
    try:
        await as_person(request).send("POST", f"/authorisations/{authorisation_id}/revocation", json=posted)
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        return await _revocation_form(request, posted, form_errors(request, problem), status=problem.status)
    raise web.HTTPSeeOther(f"/portal/staff/authorisations/{authorisation_id}?done=revoked")
