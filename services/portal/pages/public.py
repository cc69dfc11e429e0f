"""Pages anyone may read: the start page for visitors, the areas with their conditions, the register of
authorised providers and the appeal-deadline calculator."""

import asyncio
from datetime import date
from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.context import PORTAL_KEY
from services.portal.forms import text
from services.portal.i18n import N_
from services.portal.rendering import render, translate

routes = web.RouteTableDef()

# The API's words for a condition, as people read them.
CONDITION_KINDS = {"general": N_("General"), "specific": N_("Specific to the area")}
CONTROL_POINTS = {
    "authorisation": N_("At authorisation"),
    "follow_up": N_("At follow-up"),
    "self_report": N_("By self-report"),
}
SANCTIONS = {"warning": N_("Warning"), "revocation": N_("Revocation")}
REGISTER_PAGE = 25
DATE_FIELD = "notified_on"


async def _public(request: web.Request, path: str, **params: str) -> Any:
    """A call to the API that needs no login."""
    kept = {k: v for k, v in params.items() if v}
    return await request.config_dict[PORTAL_KEY].api.call("GET", path, None, params=kept or None)


@routes.get("/areas")
async def areas(request: web.Request) -> web.Response:
    listed = await _public(request, "/areas")
    return render(request, "pages/public/areas.html", {"areas": listed["items"]})


@routes.get("/areas/{code}")
async def area(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    detail, conditions = await asyncio.gather(
        _public(request, f"/areas/{code}"), _public(request, f"/areas/{code}/conditions")
    )
    return render(
        request,
        "pages/public/area.html",
        {
            "area": detail,
            "conditions": conditions,
            "kinds": CONDITION_KINDS,
            "control_points": CONTROL_POINTS,
            "sanctions": SANCTIONS,
        },
    )


@routes.get("/register")
async def register(request: web.Request) -> web.Response:
    area_code = text(request.query, "area", 40)
    cursor = text(request.query, "cursor", 500)
    listed, page = await asyncio.gather(
        _public(request, "/areas"),
        _public(request, "/register", area_code=area_code, cursor=cursor, limit=str(REGISTER_PAGE)),
    )
    names = {a["code"]: a for a in listed["items"]}
    return render(
        request,
        "pages/public/register.html",
        {
            "areas": listed["items"],
            "names": names,
            "chosen": area_code,
            "entries": page["items"],
            "next_cursor": page["next_cursor"],
            "paged": bool(cursor),
        },
    )


def _day_asked(query: Any) -> tuple[dict[str, str], date | None]:
    """The three parts of the date field as typed, and the date they make (None when they make none)."""
    typed = {part: text(query, f"{DATE_FIELD}-{part}", 4) for part in ("day", "month", "year")}
    try:
        return typed, date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except ValueError:
        return typed, None


@routes.get("/appeal-deadline")
async def appeal_deadline(request: web.Request) -> web.Response:
    _ = translate(request)
    frames = (await _public(request, "/legal-frames"))["items"]
    codes = [f["code"] for f in frames]
    chosen = text(request.query, "frame", 40)
    typed, day = _day_asked(request.query)
    context: dict[str, Any] = {"frames": frames, "chosen": chosen or codes[0], "typed": typed, "errors": {}}
    # A link may choose the frame alone (an area's page, a decision letter): the form, with it chosen.
    if not any(f"{DATE_FIELD}-{part}" in request.query for part in ("day", "month", "year")):
        return render(request, "pages/public/appeal_deadline.html", context)
    errors: dict[str, str] = {}
    if chosen not in codes:
        errors["frame"] = _("Choose the legal frame of the decision")
    if day is None:
        errors[DATE_FIELD] = _("Enter the day of notification as a real date, for example 27 3 2026")
    if not errors:
        try:
            context["answer"] = await _public(
                request, f"/legal-frames/{chosen}/deadline", notified_on=day.isoformat() if day else ""
            )
            context["frame"] = next(f for f in frames if f["code"] == chosen)
        except ApiProblem as problem:
            if problem.status != 422:
                raise
            errors[DATE_FIELD] = _("Enter a day of notification from the year 2000 to 2099")
    status = 400 if errors else 200
    # GOV.UK links a date's error to its first part, and a radio group's to its first button.
    field_ids = {DATE_FIELD: f"{DATE_FIELD}-day", "frame": "frame"}
    return render(
        request,
        "pages/public/appeal_deadline.html",
        {**context, "errors": errors, "field_ids": field_ids},
        status=status,
    )


@routes.get("/accessibility")
async def accessibility(request: web.Request) -> web.Response:
    return render(request, "pages/public/accessibility.html", {})
