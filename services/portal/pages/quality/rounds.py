"""Staff's quality rounds: the rounds with their counts, opening one by hand (after a confirmation), and one
round's reports."""

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.managers.forms import date_of, segment, values_of
from services.portal.pages.quality.labels import LABELS
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()
FIELD_IDS = {"year": "year", "deadline": "deadline-day"}


@routes.get("/staff/quality-rounds")
async def round_list(request: web.Request) -> web.Response:
    listed = await as_person(request).get("/quality-rounds", limit=50, cursor=request.query.get("cursor"))
    return render(
        request,
        "pages/quality/rounds.html",
        {"rounds": listed["items"], "next_cursor": listed["next_cursor"], "done": request.query.get("done")},
    )


def _opening_page(
    request: web.Request, values: dict[str, str], errors: dict[str, str] | None = None, status: int = 200
) -> web.Response:
    return render(
        request,
        "pages/quality/round_new.html",
        {"values": values, "errors": errors or {}, "field_ids": FIELD_IDS},
        status=status,
    )


@routes.get("/staff/quality-rounds/new")
async def new_round(request: web.Request) -> web.Response:
    return _opening_page(request, {"year": request.query.get("year", "")})


@routes.post("/staff/quality-rounds/new")
async def open_round(request: web.Request) -> web.Response:
    form = await request.post()
    values = values_of(form)
    year, deadline = text(form, "year", 4), date_of(form, "deadline")
    if text(form, "confirmed", 3) != "yes":
        # Opening sends a request to every provider that reports for the year: asked once more first.
        return render(
            request,
            "pages/quality/round_confirm.html",
            {"values": values, "year": year, "deadline": deadline},
        )
    body = {"year": int(year) if year.isdigit() else year, "deadline": deadline}
    try:
        await as_person(request).send("POST", "/quality-rounds", json=body)
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        errors = form_errors(request, problem)
        if problem.status == 409:
            errors = {"year": next(iter(errors.values()))}
        return _opening_page(request, values, errors, problem.status)
    raise web.HTTPSeeOther(f"/portal/staff/quality-rounds/{segment(year)}?done=opened")


@routes.get("/staff/quality-rounds/{year}")
async def round_page(request: web.Request) -> web.Response:
    api = as_person(request)
    year = segment(request.match_info["year"])
    round_ = await api.get(f"/quality-rounds/{year}")
    reports = await api.get(
        "/quality-reports", year=round_["year"], limit=100, cursor=request.query.get("cursor")
    )
    return render(
        request,
        "pages/quality/round.html",
        {
            "round": round_,
            "reports": reports["items"],
            "next_cursor": reports["next_cursor"],
            "done": request.query.get("done"),
            **LABELS,
        },
    )
